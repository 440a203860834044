// ElementwiseProgram.swift — a fused chain of scalar ops run in one pass over the output, in cache-sized chunks, without full-size temporaries.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import RealModule
import SpecialFunctions

/// A straight-line program of scalar ops over float64 registers: registers
/// 0..<inputCount hold the inputs; instruction k writes register inputCount + k.
/// Booleans (comparison results, switch conditions) are 0 and 1 in registers.
public struct ElementwiseProgram: Hashable, Sendable, CustomStringConvertible {
    public struct Instruction: Hashable, Sendable {
        public let op: ScalarOp
        public let arguments: [Int]

        public init(_ op: ScalarOp, _ arguments: [Int]) {
            self.op = op
            self.arguments = arguments
        }
    }

    public let inputCount: Int
    public let instructions: [Instruction]
    /// The register holding the result (the last instruction's, normally).
    public let output: Int
    /// float64, or bool for a program ending in a comparison.
    public let outputType: DType
    /// The instructions flattened for the loops, made once (derived from `instructions`,
    /// so left out of equality and hashing).
    let code: Code

    public init(inputCount: Int, instructions: [Instruction], output: Int, outputType: DType) {
        self.inputCount = inputCount
        self.instructions = instructions
        self.output = output
        self.outputType = outputType
        code = Code(instructions)
    }

    public static func == (a: ElementwiseProgram, b: ElementwiseProgram) -> Bool {
        a.inputCount == b.inputCount && a.instructions == b.instructions && a.output == b.output && a.outputType == b.outputType
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(inputCount)
        hasher.combine(instructions)
        hasher.combine(output)
        hasher.combine(outputType)
    }

    /// Whether `op` can run inside a program (its float64 semantics are the op's).
    /// Whether `op` on inputs of `types` computes the same in float64 registers: its
    /// result is float64 or bool, and integers only enter float computations (a
    /// bitwise not or an integer comparison has no float64 form).
    public static func supports(_ op: ScalarOp, inputTypes: [DType]) -> Bool {
        guard let out = try? op.outputDType(inputTypes), out != .int64 else { return false }
        if case .cast(let t) = op, t == .int64 { return false }
        let compute = op.computeDType(inputTypes)
        return compute == .float64 || (compute == .bool && inputTypes.allSatisfy { $0 == .bool })
    }

    /// The expression, e.g. `log((i0 + i1))`, for printing.
    public var description: String {
        // Rendered as a tree, each register once (memoized); a program whose tree would be
        // long (shared registers are expanded at every use, which grows exponentially with
        // the sharing in a fused loop) is listed instruction by instruction instead.
        var rendered: [Int: String] = [:]
        func render(_ r: Int) -> String? {
            if r < inputCount { return "i\(r)" }
            if let done = rendered[r] { return done }
            let ins = instructions[r - inputCount]
            var args: [String] = []
            for a in ins.arguments {
                guard let text = render(a) else { return nil }
                args.append(text)
            }
            let text: String
            switch ins.op {
            case .add: text = "(\(args[0]) + \(args[1]))"
            case .sub: text = "(\(args[0]) - \(args[1]))"
            case .mul: text = "(\(args[0]) * \(args[1]))"
            case .trueDiv: text = "(\(args[0]) / \(args[1]))"
            case .neg: text = "(-\(args[0]))"
            default: text = "\(ins.op.name)(" + args.joined(separator: ", ") + ")"
            }
            guard text.utf8.count <= Self.descriptionLimit else { return nil }
            rendered[r] = text
            return text
        }
        if let tree = render(output) { return tree }
        let listed = instructions.enumerated().map { k, ins in
            "r\(inputCount + k) = \(ins.op.name)(" + ins.arguments.map { $0 < inputCount ? "i\($0)" : "r\($0)" }.joined(separator: ", ") + ")"
        }
        return "[" + listed.joined(separator: "; ") + "] -> r\(output)"
    }

    /// Longest tree rendering `description` gives before listing instructions.
    static let descriptionLimit = 600

    /// Runs the program over `inputs` (each broadcastable to `out.shape`, of out's rank
    /// or lower), writing `out`.
    public func run(_ inputs: [NDArray], into out: NDArray) throws {
        guard inputs.count == inputCount else {
            throw SPPLError.type("fused program takes \(inputCount) inputs, got \(inputs.count)")
        }
        guard out.dtype == outputType else {
            throw SPPLError.type("fused program writes \(outputType), not \(out.dtype)")
        }
        for input in inputs where !canBroadcast(input.shape, to: out.shape) {
            throw SPPLError.value("fused program: input of shape \(formatShape(input.shape)) does not broadcast to \(formatShape(out.shape))")
        }
        if out.count == 0 { return }
        let aligned = try inputs.map { $0.ndim == out.ndim ? $0 : try $0.broadcast(to: out.shape) }
        let iteration = ElementwiseIteration(shape: out.shape, outputStrides: out.strides,
                                             inputs: aligned.map { ($0.shape, $0.strides) })
        withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: Swift.max(inputCount, 1)) { bases in
            for k in 0..<inputCount {
                bases[k] = aligned[k].storage.base + aligned[k].offset * aligned[k].dtype.itemSize
            }
            execute(UnsafePointer(bases.baseAddress!), types: aligned.map(\.dtype),
                    out: out.storage.base + out.offset * out.dtype.itemSize, iteration)
        }
    }

    /// The pointer-level core, for executors that plan layouts once: `bases[k]` points
    /// at input k's first element, `types[k]` is its dtype, `out` at the output's first
    /// element; `iteration` holds the shape and every operand's strides.
    public func execute(_ bases: UnsafePointer<UnsafeMutableRawPointer>, types: [DType],
                        out: UnsafeMutableRawPointer, _ iteration: ElementwiseIteration) {
        let n = iteration.count
        if n == 0 { return }
        if n == 1 {
            executeOne(bases, types, out, code)
        } else {
            execute(bases, types, out, iteration, code, total: nil)
        }
    }

    /// The sum of the program's result over every element of `iteration`'s shape (whose
    /// output strides are ignored), without writing the result anywhere: a fused
    /// `sum(f(x, ...))`. Requires a float64 program. Each chunk of results is summed
    /// pairwise and the chunk sums are added in order, so the planned and the op-by-op
    /// call (both come here) give the same bits.
    public func executeSum(_ bases: UnsafePointer<UnsafeMutableRawPointer>, types: [DType],
                           _ iteration: ElementwiseIteration) -> Double {
        let n = iteration.count
        if n == 0 { return 0 }
        var total = 0.0
        withUnsafeMutablePointer(to: &total) { sum in
            if n == 1 {
                executeOne(bases, types, UnsafeMutableRawPointer(sum), code)
            } else {
                execute(bases, types, UnsafeMutableRawPointer(sum), iteration, code, total: sum)
            }
        }
        return total
    }

    /// `executeSum` over arrays broadcast to `shape` (each of that rank or lower).
    public func sum(_ inputs: [NDArray], shape: [Int]) throws -> Double {
        guard inputs.count == inputCount, outputType == .float64 else {
            throw SPPLError.type("fused sum takes \(inputCount) inputs and a float64 program")
        }
        let aligned = try inputs.map { try $0.broadcast(to: shape) }
        let iteration = ElementwiseIteration(shape: shape, outputStrides: [Int](repeating: 0, count: shape.count),
                                             inputs: aligned.map { ($0.shape, $0.strides) })
        return withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: Swift.max(inputCount, 1)) { bases in
            for k in 0..<inputCount {
                bases[k] = aligned[k].storage.base + aligned[k].offset * aligned[k].dtype.itemSize
            }
            return executeSum(UnsafePointer(bases.baseAddress!), types: aligned.map(\.dtype), iteration)
        }
    }

    /// The instructions flattened for the loops, read through raw pointers (no reference
    /// counting per call or per instruction): each one's op, and three argument registers
    /// (an op of fewer arguments repeats its first). Shared by copies of the program.
    final class Code: @unchecked Sendable {
        let ops: UnsafeMutablePointer<ScalarOp>
        let args: UnsafeMutablePointer<Int>
        let count: Int

        init(_ instructions: [Instruction]) {
            count = instructions.count
            // At least one entry each, so that the pointers exist for an empty program.
            ops = .allocate(capacity: Swift.max(count, 1))
            args = .allocate(capacity: 3 * Swift.max(count, 1))
            ops.initialize(to: .identity)
            args.initialize(repeating: 0, count: 3)
            for (j, ins) in instructions.enumerated() {
                (ops + j).initialize(to: ins.op)
                for a in 0..<3 { (args + 3 * j + a).initialize(to: ins.arguments[a < ins.arguments.count ? a : 0]) }
            }
        }

        deinit {
            ops.deinitialize(count: Swift.max(count, 1))
            ops.deallocate()
            args.deallocate()
        }
    }

    /// One element (a scalar node, the common case in small models): the registers are
    /// single values, and the instructions run the chunk loops with n = 1, so that the
    /// result is the one the loops give for any other size.
    private func executeOne(_ bases: UnsafePointer<UnsafeMutableRawPointer>, _ types: [DType],
                            _ out: UnsafeMutableRawPointer, _ code: Code) {
        // At least one register, so that the buffers' base pointers exist.
        let registerCount = Swift.max(inputCount + code.count, 1)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: registerCount) { valueBuffer in
            withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Double>.self, capacity: registerCount) { table in
                withUnsafeTemporaryAllocation(of: Bool.self, capacity: registerCount) { scalarBuffer in
                    let values = valueBuffer.baseAddress!, registers = table.baseAddress!, scalar = scalarBuffer.baseAddress!
                    for k in 0..<inputCount {
                        switch types[k] {
                        case .float64: values[k] = bases[k].assumingMemoryBound(to: Double.self)[0]
                        case .int64: values[k] = Double(bases[k].assumingMemoryBound(to: Int64.self)[0])
                        case .bool: values[k] = bases[k].assumingMemoryBound(to: UInt8.self)[0] != 0 ? 1 : 0
                        }
                    }
                    for r in 0..<registerCount {
                        registers[r] = values + r
                        scalar[r] = true
                    }
                    for j in 0..<code.count {
                        applyChunk(code.ops[j], code.args + 3 * j, registers, scalar, values + inputCount + j, 1)
                    }
                    let result = values[output]
                    switch outputType {
                    case .float64: out.assumingMemoryBound(to: Double.self)[0] = result
                    case .bool: out.assumingMemoryBound(to: UInt8.self)[0] = result != 0 ? 1 : 0
                    case .int64: break
                    }
                }
            }
        }
    }

    /// With `total`, the result is not written but summed into `total` (see `executeSum`):
    /// the one-sink form of the loop core (ElementwiseProgram+Loop.swift).
    private func execute(_ bases: UnsafePointer<UnsafeMutableRawPointer>, _ types: [DType],
                         _ out: UnsafeMutableRawPointer, _ iteration: ElementwiseIteration, _ code: Code,
                         total: UnsafeMutablePointer<Double>?) {
        let sink = LoopSink(register: output, kind: total == nil ? .write(outputType) : .sum)
        var target = total.map { UnsafeMutableRawPointer($0) } ?? out
        withUnsafePointer(to: sink) { sinkPointer in
            withUnsafePointer(to: &target) { targets in
                executeRows(bases, types, iteration, code, UnsafeBufferPointer(start: sinkPointer, count: 1), targets)
            }
        }
    }
}

/// The iteration over an elementwise operation's operands for fixed layouts, made once:
/// for rank 0 and 1 just the strides, otherwise a StridedLoop. Inputs have the
/// output's rank and broadcast along axes of extent 1.
public struct ElementwiseIteration: @unchecked Sendable {
    public let count: Int
    /// Output stride then input strides, for a single row (rank <= 1).
    let vectorSteps: [Int]?
    let loop: StridedLoop?

    public init(shape: [Int], outputStrides: [Int], inputs: [(shape: [Int], strides: [Int])]) {
        count = shape.reduce(1, *)
        if shape.count <= 1 {
            let n = count
            var steps = [shape.isEmpty ? 1 : outputStrides[0]]
            for (s, st) in inputs {
                steps.append(s.isEmpty || (s[0] == 1 && n != 1) ? 0 : st[0])
            }
            vectorSteps = steps
            loop = nil
        } else {
            vectorSteps = nil
            var all = [outputStrides]
            for (s, st) in inputs {
                var strides = st
                for axis in 0..<shape.count where s[axis] == 1 && shape[axis] != 1 { strides[axis] = 0 }
                all.append(strides)
            }
            loop = StridedLoop(shape: shape, strides: all)
        }
    }
}

/// One instruction over a chunk of n contiguous values. Each case calls a small
/// function specialized for its scalar function, so that the loop optimizer sees one
/// short loop at a time and vectorizes what can be (a single large function with
/// every loop inlined defeats it).
@inline(__always)
func applyChunk(_ op: ScalarOp, _ args: UnsafePointer<Int>, _ registers: UnsafeMutablePointer<UnsafeMutablePointer<Double>>,
                        _ scalar: UnsafeMutablePointer<Bool>, _ dest: UnsafeMutablePointer<Double>, _ n: Int) {
    let a = UnsafePointer(registers[args[0]])
    switch op {
    case .neg: map1(Neg.self, a, dest, n)
    case .abs: map1(Abs.self, a, dest, n)
    case .sign: map1(Sign.self, a, dest, n)
    case .sqr: map1(Sqr.self, a, dest, n)
    case .sqrt: map1(Sqrt.self, a, dest, n)
    case .reciprocal: map1(Reciprocal.self, a, dest, n)
    case .exp: map1(Exp.self, a, dest, n)
    case .exp2: map1(Exp2.self, a, dest, n)
    case .expm1: map1(Expm1.self, a, dest, n)
    case .log: map1(Log.self, a, dest, n)
    case .log2: map1(Log2.self, a, dest, n)
    case .log10: map1(Log10.self, a, dest, n)
    case .log1p: map1(Log1p.self, a, dest, n)
    case .sin: map1(Sin.self, a, dest, n)
    case .cos: map1(Cos.self, a, dest, n)
    case .tan: map1(Tan.self, a, dest, n)
    case .arcsin: map1(Asin.self, a, dest, n)
    case .arccos: map1(Acos.self, a, dest, n)
    case .arctan: map1(Atan.self, a, dest, n)
    case .sinh: map1(Sinh.self, a, dest, n)
    case .cosh: map1(Cosh.self, a, dest, n)
    case .tanh: map1(Tanh.self, a, dest, n)
    case .arcsinh: map1(Asinh.self, a, dest, n)
    case .arccosh: map1(Acosh.self, a, dest, n)
    case .arctanh: map1(Atanh.self, a, dest, n)
    case .sigmoid: map1(Sigmoid.self, a, dest, n)
    case .softplus: map1(Softplus.self, a, dest, n)
    case .log1mexp: map1(Log1mexp.self, a, dest, n)
    case .gammaln: map1(Gammaln.self, a, dest, n)
    case .digamma: map1(Digamma.self, a, dest, n)
    case .trigamma: map1(Trigamma.self, a, dest, n)
    case .erf: map1(Erf.self, a, dest, n)
    case .erfc: map1(Erfc.self, a, dest, n)
    case .floor: map1(Floor.self, a, dest, n)
    case .ceil: map1(Ceil.self, a, dest, n)
    case .trunc: map1(Trunc.self, a, dest, n)
    case .round: map1(Round.self, a, dest, n)
    case .isnan: map1(IsNaN.self, a, dest, n)
    case .isinf: map1(IsInf.self, a, dest, n)
    case .invert: map1(Not.self, a, dest, n)
    case .identity, .cast(.float64): map1(Identity.self, a, dest, n)
    case .cast: map1(Truth.self, a, dest, n)
    case _ where op.isSpecialFunction: specialChunk(op, args, registers, scalar, dest, n)
    case .switch: map3(Select.self, args, registers, scalar, dest, n)
    case .clip: map3(Clip.self, args, registers, scalar, dest, n)
    default:
        let b = UnsafePointer(registers[args[1]])
        let form = BinaryForm(n, scalar[args[0]], scalar[args[1]])
        switch op {
        case .add: map2(Add.self, a, b, dest, n, form)
        case .sub: map2(Sub.self, a, b, dest, n, form)
        case .mul: map2(Mul.self, a, b, dest, n, form)
        case .trueDiv: map2(Div.self, a, b, dest, n, form)
        case .floorDiv: map2(FloorDiv.self, a, b, dest, n, form)
        case .mod: map2(Mod.self, a, b, dest, n, form)
        case .pow: map2(Pow.self, a, b, dest, n, form)
        case .maximum: map2(Maximum.self, a, b, dest, n, form)
        case .minimum: map2(Minimum.self, a, b, dest, n, form)
        case .arctan2: map2(Atan2.self, a, b, dest, n, form)
        case .logaddexp: map2(LogAddExp.self, a, b, dest, n, form)
        case .eq: map2(Eq.self, a, b, dest, n, form)
        case .neq: map2(Neq.self, a, b, dest, n, form)
        case .lt: map2(Lt.self, a, b, dest, n, form)
        case .le: map2(Le.self, a, b, dest, n, form)
        case .gt: map2(Gt.self, a, b, dest, n, form)
        case .ge: map2(Ge.self, a, b, dest, n, form)
        case .and: map2(And.self, a, b, dest, n, form)
        case .or: map2(Or.self, a, b, dest, n, form)
        case .xor: map2(Xor.self, a, b, dest, n, form)
        default: dest.update(repeating: .nan, count: n)
        }
    }
}

// MARK: Kernels: one type per scalar function, so each loop is specialized separately.

protocol UnaryKernel { static func f(_ x: Double) -> Double }
protocol BinaryKernel { static func f(_ x: Double, _ y: Double) -> Double }
protocol TernaryKernel { static func f(_ x: Double, _ y: Double, _ z: Double) -> Double }

@inline(never)
func map1<K: UnaryKernel>(_: K.Type, _ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = K.f(a[i]) }
}

/// Which operands of a binary loop vary along the chunk.
enum BinaryForm {
    case vectors, vectorScalar, scalarVector

    /// The loop for a chunk of n values whose operands are scalars (broadcast) or not: scalar
    /// operands get loops that hold them in a register (n is 1 when both are).
    init(_ n: Int, _ firstIsScalar: Bool, _ secondIsScalar: Bool) {
        self = n == 1 ? .vectors : (firstIsScalar ? .scalarVector : (secondIsScalar ? .vectorScalar : .vectors))
    }
}

@inline(never)
func map2<K: BinaryKernel>(_: K.Type, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                           _ d: UnsafeMutablePointer<Double>, _ n: Int, _ form: BinaryForm) {
    switch form {
    case .vectors:
        for i in 0..<n { d[i] = K.f(a[i], b[i]) }
    case .vectorScalar:
        let y = b[0]
        for i in 0..<n { d[i] = K.f(a[i], y) }
    case .scalarVector:
        let x = a[0]
        for i in 0..<n { d[i] = K.f(x, b[i]) }
    }
}

/// A ternary instruction over registers: a scalar operand is read with stride 0 (n is 1 when all
/// three are scalars).
@inline(__always)
func map3<K: TernaryKernel>(_: K.Type, _ args: UnsafePointer<Int>, _ registers: UnsafeMutablePointer<UnsafeMutablePointer<Double>>,
                            _ scalar: UnsafeMutablePointer<Bool>, _ dest: UnsafeMutablePointer<Double>, _ n: Int) {
    let a = UnsafePointer(registers[args[0]]), b = UnsafePointer(registers[args[1]]), c = UnsafePointer(registers[args[2]])
    map3(K.self, a, scalar[args[0]] ? 0 : 1, b, scalar[args[1]] ? 0 : 1, c, scalar[args[2]] ? 0 : 1, dest, n)
}

@inline(never)
func map3<K: TernaryKernel>(_: K.Type, _ a: UnsafePointer<Double>, _ sa: Int, _ b: UnsafePointer<Double>, _ sb: Int,
                            _ c: UnsafePointer<Double>, _ sc: Int, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    // A condition (or clipped value) along the chunk with one or both other operands
    // broadcast (`switch(c, x, 0)`) holds those in registers: the strided form below
    // reads them with stride 0, which the vectorizer turns into gathers.
    if sa == 1 && sb == 1 && sc == 1 {
        for i in 0..<n { d[i] = K.f(a[i], b[i], c[i]) }
    } else if sa == 1 && sb == 1 && sc == 0 {
        let z = c[0]
        for i in 0..<n { d[i] = K.f(a[i], b[i], z) }
    } else if sa == 1 && sb == 0 && sc == 1 {
        let y = b[0]
        for i in 0..<n { d[i] = K.f(a[i], y, c[i]) }
    } else if sa == 1 && sb == 0 && sc == 0 {
        let y = b[0], z = c[0]
        for i in 0..<n { d[i] = K.f(a[i], y, z) }
    } else {
        for i in 0..<n { d[i] = K.f(a[i &* sa], b[i &* sb], c[i &* sc]) }
    }
}

private enum Neg: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { -x } }
private enum Abs: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Swift.abs(x) } }
private enum Sign: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { signValue(x) } }
private enum Sqr: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { x * x } }
private enum Sqrt: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { x.squareRoot() } }
private enum Reciprocal: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { 1 / x } }
// exp, expm1, log and log1p are SpecialFunctions' branch-free versions (VectorExp.swift,
// VectorLog.swift): the C library's are calls, which keep these loops scalar.
private enum Exp: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { vexp(x) } }
private enum Exp2: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.exp2(x) } }
private enum Expm1: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { vexpm1(x) } }
private enum Log: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { vlog(x) } }
private enum Log2: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.log2(x) } }
private enum Log10: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.log10(x) } }
private enum Log1p: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { vlog1p(x) } }
private enum Sin: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.sin(x) } }
private enum Cos: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.cos(x) } }
private enum Tan: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.tan(x) } }
private enum Asin: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.asin(x) } }
private enum Acos: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.acos(x) } }
private enum Atan: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.atan(x) } }
private enum Sinh: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.sinh(x) } }
private enum Cosh: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.cosh(x) } }
private enum Tanh: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.tanh(x) } }
private enum Asinh: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.asinh(x) } }
private enum Acosh: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.acosh(x) } }
private enum Atanh: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.atanh(x) } }
private enum Sigmoid: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { sigmoid(x) } }
private enum Softplus: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { softplus(x) } }
private enum Log1mexp: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { log1mexp(x) } }
private enum Gammaln: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { logGamma(x) } }
private enum Digamma: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { digamma(x) } }
private enum Trigamma: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { trigamma(x) } }
private enum Erf: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.erf(x) } }
private enum Erfc: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { Double.erfc(x) } }
private enum Floor: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { x.rounded(.down) } }
private enum Ceil: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { x.rounded(.up) } }
private enum Trunc: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { x.rounded(.towardZero) } }
private enum Round: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { x.rounded(.toNearestOrEven) } }
private enum IsNaN: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { x.isNaN ? 1 : 0 } }
private enum IsInf: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { x.isInfinite ? 1 : 0 } }
private enum Not: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { x != 0 ? 0 : 1 } }
private enum Identity: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { x } }
private enum Truth: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { x != 0 ? 1 : 0 } }

private enum Add: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { x + y } }
private enum Sub: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { x - y } }
private enum Mul: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { x * y } }
private enum Div: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { x / y } }
private enum FloorDiv: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { floorDivide(x, y) } }
private enum Mod: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { floorModulo(x, y) } }
private enum Pow: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) } }
private enum Maximum: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { maximumValue(x, y) } }
private enum Minimum: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { minimumValue(x, y) } }
private enum Atan2: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { Double.atan2(y: x, x: y) } }
private enum LogAddExp: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { logAddExp(x, y) } }
private enum Eq: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { x == y ? 1 : 0 } }
private enum Neq: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { x != y ? 1 : 0 } }
private enum Lt: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { x < y ? 1 : 0 } }
private enum Le: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { x <= y ? 1 : 0 } }
private enum Gt: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { x > y ? 1 : 0 } }
private enum Ge: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { x >= y ? 1 : 0 } }
private enum And: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { (x != 0 && y != 0) ? 1 : 0 } }
private enum Or: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { (x != 0 || y != 0) ? 1 : 0 } }
private enum Xor: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { (x != 0) != (y != 0) ? 1 : 0 } }

private enum Select: TernaryKernel { @inline(__always) static func f(_ c: Double, _ x: Double, _ y: Double) -> Double { c != 0 ? x : y } }
private enum Clip: TernaryKernel {
    @inline(__always) static func f(_ x: Double, _ lo: Double, _ hi: Double) -> Double { clipValue(x, lo, hi) }
}
