// BLASThreads.swift — runs OpenBLAS single-threaded unless asked otherwise.

#if canImport(Glibc)
import Glibc
#endif
import CLapack

/// OpenBLAS's own thread pool busy-waits between calls, and samplers already run one
/// chain per core; so BLAS calls run on the calling thread, which also keeps results
/// independent of the machine's core count. SWIFTPPL_BLAS_THREADS=n allows n threads.
let blasThreadsConfigured: Void = {
    var threads: Int32 = 1
    if let text = getenv("SWIFTPPL_BLAS_THREADS"), let n = Int32(String(cString: text)), n > 0 {
        threads = n
    }
    openblas_set_num_threads(threads)
}()

/// Call before the first BLAS or LAPACK routine (cheap after the first time).
@inline(__always) func configureBLAS() { _ = blasThreadsConfigured }
