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

    public init(inputCount: Int, instructions: [Instruction], output: Int, outputType: DType) {
        self.inputCount = inputCount
        self.instructions = instructions
        self.output = output
        self.outputType = outputType
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
        func render(_ r: Int) -> String {
            if r < inputCount { return "i\(r)" }
            let ins = instructions[r - inputCount]
            let args = ins.arguments.map(render)
            switch ins.op {
            case .add: return "(\(args[0]) + \(args[1]))"
            case .sub: return "(\(args[0]) - \(args[1]))"
            case .mul: return "(\(args[0]) * \(args[1]))"
            case .trueDiv: return "(\(args[0]) / \(args[1]))"
            case .neg: return "(-\(args[0]))"
            default: return "\(ins.op.name)(" + args.joined(separator: ", ") + ")"
            }
        }
        return render(output)
    }

    /// Runs the program over `inputs` (each broadcast to `out.shape`), writing `out`.
    public func run(_ inputs: [NDArray], into out: NDArray) throws {
        guard inputs.count == inputCount else {
            throw SPPLError.type("fused program takes \(inputCount) inputs, got \(inputs.count)")
        }
        guard out.dtype == outputType else {
            throw SPPLError.type("fused program writes \(outputType), not \(out.dtype)")
        }
        for input in inputs where input.shape != out.shape {
            throw SPPLError.value("fused program: input of shape \(formatShape(input.shape)) was not broadcast to \(formatShape(out.shape))")
        }
        let n = out.count
        if n == 0 { return }
        let chunk = Swift.min(512, n)
        let registerCount = inputCount + instructions.count
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: registerCount * chunk)
        defer { scratch.deallocate() }
        let registers = UnsafeMutablePointer<UnsafeMutablePointer<Double>>.allocate(capacity: registerCount)
        defer { registers.deallocate() }
        for r in 0..<registerCount { registers[r] = scratch + r * chunk }

        let loop = StridedLoop(shape: out.shape, strides: [out.strides] + inputs.map(\.strides))
        let writesDirectly = outputType == .float64
        loop.forEachRow { start, length, step in
            var done = 0
            while done < length {
                let m = Swift.min(chunk, length - done)
                // Load: point at contiguous float64 inputs, fill broadcast ones, gather the rest.
                for k in 0..<inputCount {
                    let input = inputs[k]
                    let s = step[k + 1]
                    let offset = start[k + 1] &+ done &* s
                    let home = scratch + k * chunk
                    switch input.dtype {
                    case .float64:
                        let p = input.pointer(Double.self) + offset
                        if s == 1 {
                            registers[k] = p
                        } else {
                            registers[k] = home
                            if s == 0 {
                                home.update(repeating: p[0], count: m)
                            } else {
                                for i in 0..<m { home[i] = p[i &* s] }
                            }
                        }
                    case .int64:
                        registers[k] = home
                        let p = input.pointer(Int64.self) + offset
                        for i in 0..<m { home[i] = Double(p[i &* s]) }
                    case .bool:
                        registers[k] = home
                        let p = input.pointer(UInt8.self) + offset
                        for i in 0..<m { home[i] = p[i &* s] != 0 ? 1 : 0 }
                    }
                }
                let so = step[0]
                let outStart = start[0] &+ done &* so
                for (j, ins) in instructions.enumerated() {
                    let r = inputCount + j
                    // The result register is the output itself when it is contiguous float64.
                    let dest = (r == output && writesDirectly && so == 1)
                        ? out.pointer(Double.self) + outStart : scratch + r * chunk
                    registers[r] = dest
                    applyChunk(ins, registers, dest, m)
                }
                let result = registers[output]
                switch outputType {
                case .float64:
                    let o = out.pointer(Double.self) + outStart
                    if !(so == 1 && result == o) {
                        for i in 0..<m { o[i &* so] = result[i] }
                    }
                case .bool:
                    let o = out.pointer(UInt8.self) + outStart
                    for i in 0..<m { o[i &* so] = result[i] != 0 ? 1 : 0 }
                case .int64:
                    break
                }
                done += m
            }
        }
    }
}

/// One instruction over a chunk of n contiguous values.
@inline(__always)
private func applyChunk(_ ins: ElementwiseProgram.Instruction, _ registers: UnsafeMutablePointer<UnsafeMutablePointer<Double>>,
                        _ dest: UnsafeMutablePointer<Double>, _ n: Int) {
    let args = ins.arguments
    let a = registers[args[0]]
    switch ins.op {
    case .neg: for i in 0..<n { dest[i] = -a[i] }
    case .abs: for i in 0..<n { dest[i] = Swift.abs(a[i]) }
    case .sign: for i in 0..<n { dest[i] = a[i] > 0 ? 1 : (a[i] < 0 ? -1 : a[i]) }
    case .sqr: for i in 0..<n { dest[i] = a[i] * a[i] }
    case .sqrt: for i in 0..<n { dest[i] = a[i].squareRoot() }
    case .reciprocal: for i in 0..<n { dest[i] = 1 / a[i] }
    case .exp: for i in 0..<n { dest[i] = Double.exp(a[i]) }
    case .exp2: for i in 0..<n { dest[i] = Double.exp2(a[i]) }
    case .expm1: for i in 0..<n { dest[i] = Double.expMinusOne(a[i]) }
    case .log: for i in 0..<n { dest[i] = Double.log(a[i]) }
    case .log2: for i in 0..<n { dest[i] = Double.log2(a[i]) }
    case .log10: for i in 0..<n { dest[i] = Double.log10(a[i]) }
    case .log1p: for i in 0..<n { dest[i] = Double.log(onePlus: a[i]) }
    case .sin: for i in 0..<n { dest[i] = Double.sin(a[i]) }
    case .cos: for i in 0..<n { dest[i] = Double.cos(a[i]) }
    case .tan: for i in 0..<n { dest[i] = Double.tan(a[i]) }
    case .arcsin: for i in 0..<n { dest[i] = Double.asin(a[i]) }
    case .arccos: for i in 0..<n { dest[i] = Double.acos(a[i]) }
    case .arctan: for i in 0..<n { dest[i] = Double.atan(a[i]) }
    case .sinh: for i in 0..<n { dest[i] = Double.sinh(a[i]) }
    case .cosh: for i in 0..<n { dest[i] = Double.cosh(a[i]) }
    case .tanh: for i in 0..<n { dest[i] = Double.tanh(a[i]) }
    case .arcsinh: for i in 0..<n { dest[i] = Double.asinh(a[i]) }
    case .arccosh: for i in 0..<n { dest[i] = Double.acosh(a[i]) }
    case .arctanh: for i in 0..<n { dest[i] = Double.atanh(a[i]) }
    case .sigmoid: for i in 0..<n { dest[i] = sigmoid(a[i]) }
    case .softplus: for i in 0..<n { dest[i] = softplus(a[i]) }
    case .log1mexp: for i in 0..<n { dest[i] = log1mexp(a[i]) }
    case .gammaln: for i in 0..<n { dest[i] = logGamma(a[i]) }
    case .digamma: for i in 0..<n { dest[i] = digamma(a[i]) }
    case .trigamma: for i in 0..<n { dest[i] = trigamma(a[i]) }
    case .erf: for i in 0..<n { dest[i] = Double.erf(a[i]) }
    case .erfc: for i in 0..<n { dest[i] = Double.erfc(a[i]) }
    case .floor: for i in 0..<n { dest[i] = a[i].rounded(.down) }
    case .ceil: for i in 0..<n { dest[i] = a[i].rounded(.up) }
    case .trunc: for i in 0..<n { dest[i] = a[i].rounded(.towardZero) }
    case .round: for i in 0..<n { dest[i] = a[i].rounded(.toNearestOrEven) }
    case .isnan: for i in 0..<n { dest[i] = a[i].isNaN ? 1 : 0 }
    case .isinf: for i in 0..<n { dest[i] = a[i].isInfinite ? 1 : 0 }
    case .invert: for i in 0..<n { dest[i] = a[i] != 0 ? 0 : 1 }
    case .identity, .cast(.float64): for i in 0..<n { dest[i] = a[i] }
    case .cast: for i in 0..<n { dest[i] = a[i] != 0 ? 1 : 0 }
    default:
        let b = registers[args[1]]
        switch ins.op {
        case .add: for i in 0..<n { dest[i] = a[i] + b[i] }
        case .sub: for i in 0..<n { dest[i] = a[i] - b[i] }
        case .mul: for i in 0..<n { dest[i] = a[i] * b[i] }
        case .trueDiv: for i in 0..<n { dest[i] = a[i] / b[i] }
        case .floorDiv: for i in 0..<n { dest[i] = floorDivide(a[i], b[i]) }
        case .mod: for i in 0..<n { dest[i] = floorModulo(a[i], b[i]) }
        case .pow: for i in 0..<n { dest[i] = Glibc.pow(a[i], b[i]) }
        case .maximum: for i in 0..<n { dest[i] = (b[i] > a[i] || b[i].isNaN) ? b[i] : a[i] }
        case .minimum: for i in 0..<n { dest[i] = (b[i] < a[i] || b[i].isNaN) ? b[i] : a[i] }
        case .arctan2: for i in 0..<n { dest[i] = Double.atan2(y: a[i], x: b[i]) }
        case .logaddexp: for i in 0..<n { dest[i] = logAddExp(a[i], b[i]) }
        case .eq: for i in 0..<n { dest[i] = a[i] == b[i] ? 1 : 0 }
        case .neq: for i in 0..<n { dest[i] = a[i] != b[i] ? 1 : 0 }
        case .lt: for i in 0..<n { dest[i] = a[i] < b[i] ? 1 : 0 }
        case .le: for i in 0..<n { dest[i] = a[i] <= b[i] ? 1 : 0 }
        case .gt: for i in 0..<n { dest[i] = a[i] > b[i] ? 1 : 0 }
        case .ge: for i in 0..<n { dest[i] = a[i] >= b[i] ? 1 : 0 }
        case .and: for i in 0..<n { dest[i] = (a[i] != 0 && b[i] != 0) ? 1 : 0 }
        case .or: for i in 0..<n { dest[i] = (a[i] != 0 || b[i] != 0) ? 1 : 0 }
        case .xor: for i in 0..<n { dest[i] = (a[i] != 0) != (b[i] != 0) ? 1 : 0 }
        default:
            let c = registers[args[2]]
            switch ins.op {
            case .switch: for i in 0..<n { dest[i] = a[i] != 0 ? b[i] : c[i] }
            case .clip:
                for i in 0..<n {
                    let x = a[i]
                    if x.isNaN { dest[i] = x; continue }
                    let m = x < b[i] ? b[i] : x
                    dest[i] = m > c[i] ? c[i] : m
                }
            default:
                for i in 0..<n { dest[i] = .nan }
            }
        }
    }
}
