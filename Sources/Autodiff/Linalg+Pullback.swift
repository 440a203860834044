// Linalg+Pullback.swift — gradients of matrix products and factorizations (dot, matmul, cholesky, solves, det, slogdet, inverse).

import DenseArrays
import TensorGraph
import TensorOps

extension Dot: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil, nil] }
        let a = node.inputs[0], b = node.inputs[1]
        let ga: Variable, gb: Variable
        switch (a.ndim, b.ndim) {
        case (1, 1):
            ga = try g * b
            gb = try g * a
        case (2, 1):
            ga = try outer(g, b)
            gb = try dot(matrixTranspose(a), g)
        case (1, 2):
            ga = try dot(b, g)
            gb = try outer(a, g)
        case (2, 2):
            ga = try dot(g, matrixTranspose(b))
            gb = try dot(matrixTranspose(a), g)
        default:
            throw SPPLError(.notImplemented, "grad of dot for inputs of \(a.ndim) and \(b.ndim) dimensions is not implemented; use matmul")
        }
        return [a.dtype == .float64 ? ga : nil, b.dtype == .float64 ? gb : nil]
    }
}

extension MatMul: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil, nil] }
        let a = node.inputs[0], b = node.inputs[1]
        // Work with matrices: a vector operand is a row (left) or column (right).
        let a2 = a.ndim == 1 ? try expandDims(a, axes: [0]) : a
        let b2 = b.ndim == 1 ? try expandDims(b, axes: [1]) : b
        var g2 = g
        if a.ndim == 1 { g2 = try expandDims(g2, axes: [g2.ndim - (b.ndim == 1 ? 0 : 1)]) }
        if b.ndim == 1 { g2 = try expandDims(g2, axes: [g2.ndim]) }
        var ga = try matmul(g2, matrixTranspose(b2))
        var gb = try matmul(matrixTranspose(a2), g2)
        if a.ndim == 1 { ga = try squeezeLeadingRow(ga) }
        if b.ndim == 1 { gb = try squeezeTrailingColumn(gb) }
        return [a.dtype == .float64 ? try sumToShape(ga, like: a, runtimeBroadcast: true) : nil,
                b.dtype == .float64 ? try sumToShape(gb, like: b, runtimeBroadcast: true) : nil]
    }
}

/// (..., 1, n) -> (..., n)
private func squeezeLeadingRow(_ v: Variable) throws -> Variable {
    try index(v, [IndexArg](repeating: .all, count: v.ndim - 2) + [.scalar(constant(0))])
}

/// (..., n, 1) -> (..., n)
private func squeezeTrailingColumn(_ v: Variable) throws -> Variable {
    try index(v, [IndexArg](repeating: .all, count: v.ndim - 1) + [.scalar(constant(0))])
}

/// sym(X) = (X + Xᵀ) / 2 over the last two axes.
private func symmetrize(_ x: Variable) throws -> Variable {
    try (x + matrixTranspose(x)) * 0.5
}

/// For a solver that reads only one triangle of A (with the diagonal), A acts as the
/// symmetric matrix built from that triangle: an off-diagonal entry there stands for
/// both A_ij and A_ji, so its gradient is Ā_ij + Ā_ji; a diagonal entry keeps Ā_ii.
private func foldOntoTriangle(_ aBar: Variable, lower: Bool) throws -> Variable {
    let both = try aBar + matrixTranspose(aBar)
    let offDiagonal = lower ? try tril(both, k: -1) : try triu(both, k: 1)
    let diagonalPart = try tril(aBar) - tril(aBar, k: -1)
    return try offDiagonal + diagonalPart
}

extension Cholesky: DifferentiableOp {
    /// Murray (2016): with Φ(X) the lower triangle of X with its diagonal halved,
    /// Ā = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹, symmetrized (only a symmetric change of A keeps it SPD).
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let gOut = outputGradients[0] else { return [nil] }
        let factor = node.output(0)
        // Work with the lower factor; an upper factor U = Lᵀ has gradient Ūᵀ.
        let l = lower ? factor : try matrixTranspose(factor)
        let lBar = lower ? gOut : try matrixTranspose(gOut)
        let p = try matmul(matrixTranspose(l), lBar)
        let phi = try tril(p, k: -1) + (tril(p) - tril(p, k: -1)) * 0.5
        // L⁻ᵀ Φ L⁻¹ by two triangular solves: X = L⁻ᵀ Φ, then (L⁻ᵀ Xᵀ)ᵀ.
        let lt = try matrixTranspose(l)
        let left = try solveTriangular(lt, phi, lower: false)
        let s = try matrixTranspose(solveTriangular(lt, matrixTranspose(left), lower: false))
        return [try symmetrize(s)]
    }
}

extension Solve: DifferentiableOp {
    /// x = A⁻¹ b: b̄ = A⁻ᵀ x̄, Ā = -b̄ xᵀ.
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil, nil] }
        let a = node.inputs[0], x = node.output(0)
        // Symmetric structures are their own transpose.
        let bBar = try apply(Solve(structure: structure, lower: lower, bIsVector: bIsVector),
                             [structure == .general ? try matrixTranspose(a) : a, g])
        let aBar = bIsVector
            ? try -(expandDims(bBar, axes: [bBar.ndim]) * expandDims(x, axes: [x.ndim - 1]))
            : try -matmul(bBar, matrixTranspose(x))
        // Symmetric solvers read one triangle of A: fold the gradient onto it.
        let gA = structure == .general ? aBar : try foldOntoTriangle(aBar, lower: lower)
        return [try sumToShape(gA, like: a, runtimeBroadcast: true), try sumToShape(bBar, like: node.inputs[1], runtimeBroadcast: true)]
    }
}

extension SolveTriangular: DifferentiableOp {
    /// x = op(A)⁻¹ b with op(A) = A or Aᵀ: b̄ = op(A)⁻ᵀ x̄, and Ā = -b̄ xᵀ (or -x b̄ᵀ when
    /// transposed), restricted to the triangle the solve reads.
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil, nil] }
        let a = node.inputs[0], x = node.output(0)
        let bBar = try apply(SolveTriangular(lower: lower, transpose: !transpose, unitDiagonal: unitDiagonal,
                                             bIsVector: bIsVector), [a, g])
        let (u, v) = transpose ? (x, bBar) : (bBar, x)
        let product = bIsVector
            ? try -(expandDims(u, axes: [u.ndim]) * expandDims(v, axes: [v.ndim - 1]))
            : try -matmul(u, matrixTranspose(v))
        var gA = lower ? try tril(product) : try triu(product)
        if unitDiagonal { gA = lower ? try tril(gA, k: -1) : try triu(gA, k: 1) }
        return [try sumToShape(gA, like: a, runtimeBroadcast: true), try sumToShape(bBar, like: node.inputs[1], runtimeBroadcast: true)]
    }
}

extension Det: DifferentiableOp {
    /// d det(A) = det(A) A⁻ᵀ.
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil] }
        let a = node.inputs[0], d = node.output(0)
        let scale = try expandDims(g * d, axes: [d.ndim, d.ndim + 1])
        return [try scale * matrixTranspose(inv(a))]
    }
}

extension SlogDet: DifferentiableOp {
    /// d log|det A| = A⁻ᵀ; the sign is piecewise constant.
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[1] else { return [nil] }
        let a = node.inputs[0]
        let scale = try expandDims(g, axes: [g.ndim, g.ndim + 1])
        return [try scale * matrixTranspose(inv(a))]
    }
}

extension MatrixInverse: DifferentiableOp {
    /// d A⁻¹ = -A⁻¹ dA A⁻¹, so Ā = -A⁻ᵀ Ḡ A⁻ᵀ.
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil] }
        let xt = try matrixTranspose(node.output(0))
        return [try -matmul(matmul(xt, g), xt)]
    }
}
