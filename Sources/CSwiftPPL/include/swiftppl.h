/* swiftppl.h — the C ABI of swiftppl: every exported function, with who owns what.
 *
 * Conventions
 * -----------
 * - Objects (variables, nodes, ops, arrays, functions) are reached through
 *   opaque `sppl_handle` ids. Ids count up from 1 and are never reused; 0 is never
 *   a valid handle. A handle returned through an out-parameter is owned by the
 *   caller, who gives it back with sppl_release(). A released or made-up handle
 *   is reported as an error, never dereferenced.
 * - Every function that can fail returns an `int` status: SPPL_OK (0) or one of
 *   the SPPL_*_ERROR codes, which name the Python exception to raise. On failure,
 *   when `err` is not NULL, `*err` receives a message allocated by the library;
 *   the caller frees it with sppl_string_free(). On success `*err` is untouched.
 * - Strings returned through `char **` out-parameters are allocated by the
 *   library and freed by the caller with sppl_string_free().
 * - No function traps or aborts on bad arguments: NULL pointers, negative
 *   lengths, wrong handle kinds, bad dtypes and shapes all come back as errors.
 *   Which status a bad argument gives (tests/test_abi.py checks every function):
 *     SPPL_VALUE_ERROR   a NULL pointer where one is required; a negative or too
 *                        large count or length; a released, made-up or 0 handle;
 *                        ndim outside 0...SPPL_MAX_NDIM; a negative extent; byte
 *                        strides that are not multiples of the item size or whose
 *                        reach overflows; an unknown graph function or query name;
 *                        missing, extra or out-of-range integer parameters (axes,
 *                        entry counts, index kinds, slice masks, codes); an array
 *                        whose shape contradicts a variable's static shape.
 *     SPPL_TYPE_ERROR    a handle of the wrong kind (an array where a variable is
 *                        expected, ...); an unknown dtype code; a wrong number of
 *                        inputs to a graph function, an op or a compiled function;
 *                        an array of the wrong dtype or rank for a variable.
 *     SPPL_INDEX_ERROR   an index out of range (of a node's inputs or outputs, of a
 *                        function's variables, into a tensor).
 *     SPPL_MEMORY_ERROR  a size too large to allocate (or even to count).
 */
#ifndef SWIFTPPL_H
#define SWIFTPPL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t sppl_handle;

enum {
    SPPL_OK = 0,
    SPPL_TYPE_ERROR = 1,
    SPPL_VALUE_ERROR = 2,
    SPPL_INDEX_ERROR = 3,
    SPPL_RUNTIME_ERROR = 4,
    SPPL_LINALG_ERROR = 5,
    SPPL_MISSING_INPUT_ERROR = 6,
    SPPL_NOT_IMPLEMENTED_ERROR = 7,
    SPPL_MEMORY_ERROR = 8
};

/* Element types. */
enum { SPPL_BOOL = 0, SPPL_INT64 = 1, SPPL_FLOAT64 = 2 };

/* Largest rank an array or variable may have: a graph function or op that would
 * build a variable of more axes fails with SPPL_VALUE_ERROR. */
#define SPPL_MAX_NDIM 32

/* A borrowed input array for sppl_function_call: memory owned by the caller. */
typedef struct sppl_buffer {
    void *data;
    int32_t dtype;
    int32_t ndim;
    const int64_t *shape;        /* ndim entries */
    const int64_t *byte_strides; /* ndim entries, in bytes, multiples of the item size */
} sppl_buffer;

/* Called by the library, exactly once and from any thread, when it no longer
 * needs memory it borrowed; `owner` is the pointer given with the memory. */
typedef void (*sppl_release_fn)(void *owner);

/* ---- Memory and handles ---------------------------------------------- */

/* Frees a string the library returned. NULL is allowed. */
void sppl_string_free(char *text);
/* Frees a handle list the library returned (the handles in it are not released). */
void sppl_handles_free(sppl_handle *handles);
/* Library version; a static string, never freed. */
const char *sppl_version(void);
/* Gives a handle back. The object lives on while other handles or graphs use it. */
int sppl_release(sppl_handle handle, char **err);
/* Number of handles currently held by callers (for leak checks). */
int sppl_live_handles(int64_t *count, char **err);
/* A number identifying the object behind a handle: equal for two handles of the same object. */
int sppl_handle_identity(sppl_handle handle, uint64_t *identity, char **err);
/* str() of the object behind a handle; *text is freed by the caller. */
int sppl_describe(sppl_handle handle, char **text, char **err);
/* An op's properties as a JSON object ({"type": "RandomVariableOp", "name": "normal",
 * ...}); *text is freed by the caller. */
int sppl_op_properties(sppl_handle op, char **text, char **err);
/* The random variables the library can draw from, as a JSON list of objects (name,
 * parameters, ndims_params, ndim_supp, dtype); *text is freed by the caller. */
int sppl_random_variable_catalog(char **text, char **err);

/* ---- Arrays ------------------------------------------------------------ */

/* Wraps caller memory as an array without copying. On success the library owns
 * one reference to `owner` and calls release(owner) when done (release may be
 * NULL). On failure release is not called and the caller keeps ownership.
 * The library never writes into borrowed memory. *out is owned by the caller. */
int sppl_array_borrow(void *data, int32_t dtype, int32_t ndim, const int64_t *shape,
                      const int64_t *byte_strides, void *owner, sppl_release_fn release,
                      sppl_handle *out, char **err);
/* Layout of an array. shape and byte_strides must have room for SPPL_MAX_NDIM
 * entries. *data stays valid while the array handle is held; *readonly is 1 for
 * memory borrowed from a caller. */
int sppl_array_describe(sppl_handle array, int32_t *dtype, int32_t *ndim, int64_t *shape,
                        int64_t *byte_strides, void **data, int32_t *readonly, char **err);

/* ---- Variables, nodes and ops ------------------------------------------ */

/* A symbolic input. shape has ndim entries, -1 for an unknown extent; name may be NULL. */
int sppl_variable_new(int32_t dtype, int32_t ndim, const int64_t *shape, const char *name,
                      sppl_handle *out, char **err);
/* A constant holding the array (shared, not copied). The array handle stays the caller's. */
int sppl_constant_new(sppl_handle array, const char *name, sppl_handle *out, char **err);
/* A shared variable whose value is the array (not copied). */
int sppl_shared_new(sppl_handle array, const char *name, sppl_handle *out, char **err);
/* Current value of a shared variable, as a new array handle. */
int sppl_shared_get(sppl_handle variable, sppl_handle *array_out, char **err);
/* Replaces a shared variable's value (checked against its type). */
int sppl_shared_set(sppl_handle variable, sppl_handle array, char **err);
/* Value of a constant, as a new array handle. */
int sppl_constant_value(sppl_handle variable, sppl_handle *array_out, char **err);
/* Static type: dtype, ndim, shape (room for SPPL_MAX_NDIM, -1 unknown) and kind
 * (0 input, 1 constant, 2 shared, 3 output of a node; plus 4 when the variable is a
 * random generator's state rather than a tensor). */
int sppl_variable_type(sppl_handle variable, int32_t *dtype, int32_t *ndim, int64_t *shape,
                       int32_t *kind, char **err);
/* Name of a variable; *name is NULL when it has none, else freed by the caller. */
int sppl_variable_name(sppl_handle variable, char **name, char **err);
/* Sets (or, with NULL, clears) a variable's name. */
int sppl_variable_set_name(sppl_handle variable, const char *name, char **err);
/* The node computing a variable (*apply = 0 for roots) and which output it is. */
int sppl_variable_owner(sppl_handle variable, sppl_handle *apply, int64_t *index, char **err);
/* A node's input and output counts and its op (*op owned by the caller). */
int sppl_apply_info(sppl_handle apply, int64_t *n_inputs, int64_t *n_outputs, sppl_handle *op, char **err);
int sppl_apply_input(sppl_handle apply, int64_t i, sppl_handle *out, char **err);
int sppl_apply_output(sppl_handle apply, int64_t i, sppl_handle *out, char **err);
/* Applies an op to new inputs (the op re-checks their types); writes up to
 * max_outputs new variable handles and their number. */
int sppl_apply_op(sppl_handle op, const sppl_handle *inputs, int64_t n_inputs,
                  sppl_handle *outputs, int64_t max_outputs, int64_t *n_outputs, char **err);
/* Whether two ops are equal (same kind and properties). */
int sppl_op_equal(sppl_handle a, sppl_handle b, int32_t *equal, char **err);

/* ---- Building graphs ------------------------------------------------------ */

/* Applies the graph function `function` (e.g. "add", "sum", "index", "solve")
 * to `inputs` with integer parameters `params` (their meaning per function is
 * listed in Sources/SwiftPPLCABI/Builders.swift). Writes up to max_outputs new
 * variable handles to `outputs` and their number to *n_outputs. */
int sppl_build(const char *function, const sppl_handle *inputs, int64_t n_inputs,
               const int64_t *params, int64_t n_params, sppl_handle *outputs,
               int64_t max_outputs, int64_t *n_outputs, char **err);
/* what: "inputs" (graph_inputs), "ancestors" or "toposort" (nodes). Traversal
 * stops at `blockers`. *result is a list of new handles of *count entries: the
 * caller releases each handle and frees the list with sppl_handles_free. */
int sppl_graph_query(const char *what, const sppl_handle *outputs, int64_t n,
                     const sppl_handle *blockers, int64_t n_blockers,
                     sppl_handle **result, int64_t *count, char **err);
/* Copies of the graphs of `outputs` with old[i] replaced by new_[i]; writes n new
 * handles to `result`. The original graphs are unchanged. */
int sppl_clone_replace(const sppl_handle *outputs, int64_t n, const sppl_handle *old,
                       const sppl_handle *new_, int64_t n_replace, sppl_handle *result, char **err);
/* The dprint text of the graphs of `outputs`; *text freed by the caller. */
int sppl_dprint(const sppl_handle *outputs, int64_t n, char **text, char **err);

/* ---- Compiled functions ----------------------------------------------------- */

/* Options of sppl_function_new, or-ed together. */
enum {
    SPPL_ALLOW_UNUSED_INPUTS = 1, /* an input no output needs is not an error */
    SPPL_NO_REWRITES = 2          /* compile the graph as written (FAST_COMPILE) */
};

/* Compiles outputs as a function of inputs, with givens (old -> new replacements)
 * and updates (shared variable -> new value expression); options are SPPL_* flags
 * above. *out owned by the caller. */
int sppl_function_new(const sppl_handle *inputs, int64_t n_inputs,
                      const sppl_handle *outputs, int64_t n_outputs,
                      const sppl_handle *givens_old, const sppl_handle *givens_new, int64_t n_givens,
                      const sppl_handle *update_vars, const sppl_handle *update_exprs, int64_t n_updates,
                      int32_t options, sppl_handle *out, char **err);
int sppl_function_info(sppl_handle function, int64_t *n_inputs, int64_t *n_outputs, char **err);
/* which = 0: input variable i; which = 1: output variable i (a new handle). */
int sppl_function_variable(sppl_handle function, int32_t which, int64_t i, sppl_handle *out, char **err);
/* Runs the function. `inputs` are borrowed only for the duration of the call and
 * may be used from a thread that released the GIL. On success writes n_outputs new
 * array handles, each owning its memory (caller releases). Safe to call from
 * several threads at once, also while other threads get or set shared values;
 * concurrent calls of a function with updates each read the shared values when
 * they start and store their updates when they finish (the last one wins). */
int sppl_function_call(sppl_handle function, const sppl_buffer *inputs, int64_t n_inputs,
                       sppl_handle *outputs, int64_t n_outputs, char **err);
/* Runs the function once per row: every input carries one value per row along a
 * leading axis (the same number of rows for all, at least one). Writes n_outputs new
 * array handles (caller releases), each stacking that output over the rows. Borrowing
 * and threading as for sppl_function_call. */
int sppl_function_map(sppl_handle function, const sppl_buffer *inputs, int64_t n_inputs,
                      sppl_handle *outputs, int64_t n_outputs, char **err);
/* The compiled graph in dprint form; *text freed by the caller. */
int sppl_function_dprint(sppl_handle function, char **text, char **err);

/* ---- Sampling ------------------------------------------------------------------ */

/* Starts NUTS chains on library threads and returns at once with a sampler handle
 * (*sampler owned by the caller). `function` is a compiled log density: inputs are
 * the value variables (float64, static shapes), outputs are [logp (float64 scalar),
 * d logp / d input_i for each input]. Options are (name, value) pairs: draws, tune,
 * chains, cores, target_accept, max_treedepth, max_energy_error, initial_step_size,
 * jitter, adaptation (0 gradient-based diagonal, 1 Stan's windowed diagonal, 2 none,
 * 3 low-rank modified), and for the low-rank matrix mass_matrix_gamma (> 0),
 * mass_matrix_eigval_cutoff (> 1), mass_matrix_max_rank (>= 1; default: no cap);
 * an unknown name is a SPPL_VALUE_ERROR; draws that cannot fit in the machine's memory
 * (chains x (tune + draws) x dimension doubles) a SPPL_MEMORY_ERROR. `initial_points` holds
 * n_points x dimension doubles (one point for all chains, or one per chain), read before
 * returning. Chain c draws from Philox stream (seed, c): the draws do not depend on `cores`. */
int sppl_nuts_start(sppl_handle function, const char *const *option_names, const double *option_values,
                    int64_t n_options, uint64_t seed, const double *initial_points, int64_t n_points,
                    int64_t dimension, sppl_handle *sampler, char **err);
/* sppl_nuts_info, _progress, _cancel and _wait take a sampler from sppl_nuts_start
 * or sppl_steps_start. Number of chains and the dimension of the sampled vector. */
int sppl_nuts_info(sppl_handle sampler, int64_t *chains, int64_t *dimension, char **err);
/* Per chain (buffers of n_chains entries): iterations done (warm-up included),
 * divergences so far, current step size; *finished = 1 once every chain has stopped.
 * Never blocks on the chains. */
int sppl_nuts_progress(sppl_handle sampler, int64_t *done, int64_t *divergences, double *step_size,
                       int64_t n_chains, int32_t *finished, char **err);
/* Asks every chain to stop at its next draw; what was drawn is kept. */
int sppl_nuts_cancel(sppl_handle sampler, char **err);
/* Blocks until every chain has stopped (call it without holding the GIL). Fails
 * with SPPL_RUNTIME_ERROR when sampling failed (e.g. the log density is not finite
 * at an initial point), with the message. */
int sppl_nuts_wait(sppl_handle sampler, char **err);
/* A result of a finished run as a new array handle (caller releases); chains cut to
 * the shortest after a cancel. Names: position (chains, n, dimension); logp, energy,
 * energy_error, acceptance_rate, step_size, step_size_bar (float64 (chains, n));
 * tree_depth, n_steps, index_in_trajectory (int64 (chains, n)); diverging,
 * reached_max_treedepth (bool (chains, n)); inverse_mass (chains, dimension: diag(M^-1) at
 * the end of warm-up, the low-rank part included);
 * final_step_size (chains,); gradient_evaluations, counts (int64 (chains,)); tune
 * (int64 scalar: the first `tune` of the n iterations are warm-up). */
int sppl_nuts_result(sppl_handle sampler, const char *name, sppl_handle *array, char **err);
/* Starts compound chains (step methods over blocks of one state) on library threads
 * and returns at once with a sampler handle (*sampler owned by the caller; watch it
 * with sppl_nuts_progress/cancel/wait). `function` is a compiled joint log density:
 * inputs are the value variables (float64 or int64, static shapes; the state is their
 * flat concatenation, integers stored as doubles), outputs [logp] or [logp, d logp /
 * d input for each float64 input in order] (the gradients are needed by NUTS blocks).
 * Block b uses methods[b] (0 NUTS, 1 Metropolis, 2 Slice, 3 BinaryGibbsMetropolis,
 * 4 CategoricalGibbsMetropolis, 5 DEMetropolisZ) on block_sizes[b] flat coordinates,
 * listed block after block in `coordinates`, and reads value_counts[b] doubles, listed
 * block after block in `block_values`: Metropolis and DEMetropolisZ the proposal's S (n
 * scales for a block of n coordinates, or n*n for the multivariate normal: its
 * covariance, row-major; 0 values: ones / the identity); Slice the initial widths w (n,
 * or 0 for ones); categorical the number of categories (n); NUTS and binary ignore
 * theirs. Each iteration runs the blocks in order; coordinates in no block stay fixed.
 * Options are (name, value, block) triples: block -1 for the run (the sppl_nuts_start
 * names; NUTS settings apply to every NUTS block), else the block's own: Metropolis
 * proposal (0 normal, 1 uniform, 2 Cauchy, 3 Laplace, 4 Poisson (int64 coordinates
 * only), 5 multivariate normal), scaling, tune (0/1), tune_interval, elementwise (0/1; the
 * multivariate normal always moves its block at once);
 * DEMetropolisZ proposal (0-3, 5), scaling, lamb, tune (0 none, 1 scaling, 2 lambda),
 * tune_interval, tune_drop_fraction; Slice tune, iter_limit; binary transit_p, shuffle
 * (0/1); categorical proportional (0/1), shuffle. Unknown names, coordinates in two
 * blocks, NUTS, Slice or DEMetropolisZ on an int64 coordinate, an S that is not positive
 * and finite (or not a symmetric positive-definite covariance) are SPPL_VALUE_ERRORs;
 * draws beyond the machine's memory (counting each DEMetropolisZ block's history of its
 * coordinates) a SPPL_MEMORY_ERROR. Initial points as for sppl_nuts_start. Block b of chain c draws from Philox stream
 * (seed, c, "step-b"): the draws do not depend on `cores`. */
int sppl_steps_start(sppl_handle function, int64_t n_blocks, const int32_t *methods, const int64_t *block_sizes,
                     const int64_t *coordinates, const double *block_values, const int64_t *value_counts,
                     const char *const *option_names, const double *option_values, const int64_t *option_blocks,
                     int64_t n_options, uint64_t seed, const double *initial_points, int64_t n_points,
                     int64_t dimension, sppl_handle *sampler, char **err);
/* A result of a finished compound run as a new array handle (caller releases); chains
 * cut to the shortest after a cancel. block -1: position (chains, n, dimension), logp
 * (joint, (chains, n)), counts, evaluations (int64 (chains,)), tune (int64 scalar).
 * A NUTS block: the sppl_nuts_result names over its coordinates. A Metropolis block:
 * accept, accepted, scaling; a DEMetropolisZ block: accept, accepted, scaling, lambda;
 * a Slice block: nstep_out, nstep_in (float64 (chains, n)). */
int sppl_steps_result(sppl_handle sampler, int64_t block, const char *name, sppl_handle *array, char **err);
/* Maximizes a compiled log density (as for sppl_nuts_start) with L-BFGS from `start`
 * (dimension doubles). Options by name: maxeval, maxiter, memory, gtol, ftol. Writes
 * the optimum to x (dimension doubles), info[0..4] = (logp, max |gradient|,
 * iterations, evaluations, converged 1/0), and *message (why it stopped; freed by
 * the caller with sppl_string_free). Blocks: call it without holding the GIL. */
int sppl_find_map(sppl_handle function, const double *start, int64_t dimension,
                  const char *const *option_names, const double *option_values, int64_t n_options,
                  double *x, double *info, char **message, char **err);

#ifdef __cplusplus
}
#endif

#endif /* SWIFTPPL_H */
