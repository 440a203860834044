/* stress_shared.c — threads calling a compiled function whose update replaces a shared
 * variable's value while other threads get and set that value, through the C ABI with
 * no GIL in the way. Exits 0 when every call succeeded; a data race shows up as a crash.
 * Built and run by test_trap_regressions.py. Usage: stress_shared SECONDS */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "swiftppl.h"

static sppl_handle shared_var, function, ones_array;
static double deadline;
static volatile int failed;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void check(int status, char *err, const char *what)
{
    if (status != SPPL_OK) {
        fprintf(stderr, "%s failed (%d): %s\n", what, status, err ? err : "");
        sppl_string_free(err);
        failed = 1;
    }
}

static sppl_handle borrow(double *data, int64_t n)
{
    int64_t shape[1] = {n}, strides[1] = {8};
    sppl_handle h = 0;
    char *err = NULL;
    check(sppl_array_borrow(data, SPPL_FLOAT64, n < 0 ? 0 : 1, shape, strides, NULL, NULL, &h, &err), err, "borrow");
    return h;
}

static void *call(void *arg)
{
    (void)arg;
    while (!failed && now() < deadline) {
        sppl_handle out = 0;
        char *err = NULL;
        check(sppl_function_call(function, NULL, 0, &out, 1, &err), err, "call");
        sppl_release(out, NULL);
    }
    return NULL;
}

static void *get(void *arg)
{
    (void)arg;
    while (!failed && now() < deadline) {
        sppl_handle value = 0;
        char *err = NULL;
        check(sppl_shared_get(shared_var, &value, &err), err, "shared_get");
        sppl_release(value, NULL);
    }
    return NULL;
}

static void *set(void *arg)
{
    (void)arg;
    while (!failed && now() < deadline) {
        char *err = NULL;
        check(sppl_shared_set(shared_var, ones_array, &err), err, "shared_set");
    }
    return NULL;
}

int main(int argc, char **argv)
{
    static double zeros[4], ones[4] = {1, 1, 1, 1}, one = 1;
    char *err = NULL;
    sppl_handle a = borrow(zeros, 4), c_array = borrow(&one, -1), c = 0, sum = 0;
    int64_t n_out = 0;
    ones_array = borrow(ones, 4);
    check(sppl_shared_new(a, "s", &shared_var, &err), err, "shared_new");
    check(sppl_constant_new(c_array, NULL, &c, &err), err, "constant_new");
    sppl_handle inputs[2] = {shared_var, c};
    check(sppl_build("add", inputs, 2, NULL, 0, &sum, 1, &n_out, &err), err, "build");
    check(sppl_function_new(NULL, 0, &sum, 1, NULL, NULL, 0, &shared_var, &sum, 1, 1, &function, &err), err,
          "function_new");
    if (failed) return 1;
    deadline = now() + (argc > 1 ? atof(argv[1]) : 1.0);
    void *(*roles[])(void *) = {call, call, get, get, set};
    pthread_t threads[5];
    for (int i = 0; i < 5; i++) pthread_create(&threads[i], NULL, roles[i], NULL);
    for (int i = 0; i < 5; i++) pthread_join(threads[i], NULL);
    return failed;
}
