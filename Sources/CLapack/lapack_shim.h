/* Declarations of the BLAS and LAPACK routines swiftppl calls, resolved from
 * OpenBLAS (Debian: libopenblas-dev). Declared here rather than taken from
 * cblas.h/lapacke.h so the build needs no header beyond libopenblas-dev's
 * library, whatever alternative Debian selected for cblas.h. */
#ifndef SWIFTPPL_LAPACK_SHIM_H
#define SWIFTPPL_LAPACK_SHIM_H

/* CBLAS enums (values fixed by the CBLAS standard). */
enum { SPPL_CblasRowMajor = 101, SPPL_CblasColMajor = 102 };
enum { SPPL_CblasNoTrans = 111, SPPL_CblasTrans = 112 };

void cblas_dgemm(int order, int transA, int transB, int m, int n, int k,
                 double alpha, const double *a, int lda, const double *b, int ldb,
                 double beta, double *c, int ldc);
void cblas_dgemv(int order, int trans, int m, int n, double alpha,
                 const double *a, int lda, const double *x, int incx,
                 double beta, double *y, int incy);
double cblas_ddot(int n, const double *x, int incx, const double *y, int incy);

/* Fortran LAPACK (column-major, arguments by reference). */
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dtrtrs_(const char *uplo, const char *trans, const char *diag, const int *n,
             const int *nrhs, const double *a, const int *lda, double *b,
             const int *ldb, int *info);
void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a,
             const int *lda, const int *ipiv, double *b, const int *ldb, int *info);
void dgetri_(const int *n, double *a, const int *lda, const int *ipiv,
             double *work, const int *lwork, int *info);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a,
             const int *lda, double *b, const int *ldb, int *info);
void dsytrf_(const char *uplo, const int *n, double *a, const int *lda, int *ipiv,
             double *work, const int *lwork, int *info);
void dsytrs_(const char *uplo, const int *n, const int *nrhs, const double *a,
             const int *lda, const int *ipiv, double *b, const int *ldb, int *info);

/* Symmetric eigenproblem (divide and conquer) and the orthonormal factor of a QR
 * decomposition: the low-rank mass matrix of the samplers. */
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
             double *w, double *work, const int *lwork, int *iwork, const int *liwork, int *info);
void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau,
             double *work, const int *lwork, int *info);
void dorgqr_(const int *m, const int *n, const int *k, double *a, const int *lda,
             const double *tau, double *work, const int *lwork, int *info);

void openblas_set_num_threads(int num_threads);

#endif
