// swift-tools-version:5.9
// swiftppl: a probabilistic programming engine whose whole core is Swift.
import PackageDescription

// Release builds compile each module whole (SwiftPM's default), which the kernels
// rely on: generic loops whose closures must be specialized and inlined.
let optimized: [SwiftSetting] = []

let package = Package(
    name: "swiftppl",
    products: [
        // The engine for Swift users.
        .library(name: "SwiftPPL", targets: ["SwiftPPL"]),
        // The C ABI (include/swiftppl.h) as one shared library; the Python
        // extension links against it.
        .library(name: "SwiftPPLC", type: .dynamic, targets: ["SwiftPPLCABI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", exact: "1.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CLapack", path: "Sources/CLapack"),
        .target(
            name: "SpecialFunctions",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: optimized),
        // Counter-based random streams (Philox4x32-10) and one exact sampler per distribution.
        .target(
            name: "RandomCore",
            dependencies: ["SpecialFunctions", .product(name: "RealModule", package: "swift-numerics")],
            exclude: ["README.md"],
            swiftSettings: optimized),
        .target(
            name: "DenseArrays",
            dependencies: ["CLapack", "SpecialFunctions", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: optimized),
        .target(name: "TensorGraph", dependencies: ["DenseArrays"], swiftSettings: optimized),
        .target(name: "TensorOps", dependencies: ["TensorGraph", "DenseArrays"], swiftSettings: optimized),
        .target(name: "Rewrites", dependencies: ["TensorOps", "TensorGraph", "DenseArrays"], swiftSettings: optimized),
        .target(name: "Autodiff", dependencies: ["TensorOps", "TensorGraph", "DenseArrays"], swiftSettings: optimized),
        .target(name: "Compile", dependencies: ["Rewrites", "Autodiff", "TensorOps", "TensorGraph", "DenseArrays"], swiftSettings: optimized),
        .target(name: "Transforms", dependencies: ["TensorOps", "TensorGraph", "DenseArrays"], swiftSettings: optimized),
        // Random variables: generator state as a graph value, RandomVariable ops and their samplers.
        .target(name: "RandomVariables", dependencies: ["RandomCore", "SpecialFunctions", "TensorOps", "TensorGraph", "DenseArrays"],
                swiftSettings: optimized),
        // Log-probabilities: every distribution's logp/logcdf/icdf, and derivation through measurable operations.
        .target(name: "LogProb", dependencies: ["RandomVariables", "Transforms", "Autodiff", "SpecialFunctions", "TensorOps", "TensorGraph", "DenseArrays"],
                swiftSettings: optimized),
        .target(name: "Loops", dependencies: ["Compile", "Autodiff", "Rewrites", "TensorOps", "TensorGraph", "DenseArrays"],
                swiftSettings: optimized),
        // Samplers: NUTS with its adaptation over a small log-density protocol, and chain diagnostics.
        .target(name: "Sampling", dependencies: ["RandomCore", "CLapack", .product(name: "RealModule", package: "swift-numerics")],
                swiftSettings: optimized),
        // Unconstrained minimization (L-BFGS with a strong-Wolfe line search) for MAP estimates.
        .target(name: "Optimization", swiftSettings: optimized),
        // The model layer: value-variable layouts and compiled log densities for the samplers.
        .target(name: "ModelCore", dependencies: ["Optimization", "Sampling", "LogProb", "Compile", "Autodiff", "TensorOps", "TensorGraph", "DenseArrays"],
                swiftSettings: optimized),
        .target(name: "SwiftPPL", dependencies: ["ModelCore", "Sampling", "LogProb", "RandomVariables", "Transforms", "Loops", "Compile", "Rewrites", "Autodiff", "TensorOps", "TensorGraph", "DenseArrays"], swiftSettings: optimized),
        // The C header (include/swiftppl.h) as a module: the contract the C ABI implements.
        .target(name: "CSwiftPPL", path: "Sources/CSwiftPPL"),
        .target(name: "SwiftPPLCABI", dependencies: ["SwiftPPL", "CSwiftPPL"], swiftSettings: optimized),
        // Executor benchmarks from Swift (run by benchmarks/executor.py).
        .executableTarget(name: "ExecutorBenchmark", dependencies: ["SwiftPPL", "CLapack"], path: "benchmarks/swift",
                          swiftSettings: optimized),
        // The vectorizable exp/log family against the C library: timings, and an evaluator for
        // scripts/reference/vector_math_check.py.
        .executableTarget(name: "VectorMathBenchmark", dependencies: ["SpecialFunctions"], path: "benchmarks/vectormath",
                          swiftSettings: optimized),
        // RandomCore throughput (swift run -c release RandomCoreBenchmark).
        .executableTarget(name: "RandomCoreBenchmark", dependencies: ["RandomCore"], path: "benchmarks/random-core",
                          swiftSettings: optimized),
        // The notebook's second model in Swift (swift run -c release SwiftModelExample).
        .executableTarget(name: "SwiftModelExample", dependencies: ["SwiftPPL"], path: "examples/swift-model",
                          swiftSettings: optimized),
        // NUTS overhead per leapfrog step (swift run -c release SamplingBenchmark).
        .executableTarget(name: "SamplingBenchmark", dependencies: ["Sampling"], path: "benchmarks/sampling",
                          swiftSettings: optimized),
        .testTarget(name: "SpecialFunctionsTests", dependencies: ["SpecialFunctions"]),
        .testTarget(name: "RandomCoreTests", dependencies: ["RandomCore", "SpecialFunctions"]),
        .testTarget(name: "DenseArraysTests", dependencies: ["DenseArrays", "SpecialFunctions", "_TestSupport"]),
        .testTarget(name: "TensorGraphTests", dependencies: ["SwiftPPL"]),
        .testTarget(name: "TensorOpsTests", dependencies: ["SwiftPPL", "_TestSupport"]),
        .testTarget(name: "CompileTests", dependencies: ["SwiftPPL", "_TestSupport"]),
        // Shared helpers of the test targets (not API).
        .target(name: "_TestSupport", dependencies: ["SwiftPPL"]),
        .testTarget(name: "AutodiffTests", dependencies: ["SwiftPPL", "_TestSupport"]),
        .testTarget(name: "RewritesTests", dependencies: ["SwiftPPL"]),
        .testTarget(name: "LoopsTests", dependencies: ["SwiftPPL", "_TestSupport"]),
        .testTarget(name: "TransformsTests", dependencies: ["SwiftPPL", "_TestSupport"]),
        .testTarget(name: "LogProbTests", dependencies: ["SwiftPPL", "_TestSupport"]),
        .testTarget(name: "SamplingTests", dependencies: ["Sampling", "RandomCore"]),
        .testTarget(name: "ModelTests", dependencies: ["SwiftPPL"]),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization"]),
        .testTarget(name: "RandomVariablesTests", dependencies: ["SwiftPPL", "RandomCore", "_TestSupport"]),
    ]
)
