// Pipeline.swift — the rewrite phases a function is compiled with, in PyTensor's order: canonicalize, stabilize, specialize, fuse.

import TensorGraph

/// Rewrites that put a graph in canonical form (merge and constant folding are built
/// into the rewriter's rebuilding).
public let canonicalizeRewrites: [LocalRewrite] = [
    constantFolding, shapeOfStaticShape, shapeEntryOfStaticShape, removeIdentity, collapseDimShuffles,
    doubleNegation, logOfExp, expOfLog, constantSwitch, trivialPower, uniformConstantOperand, canonicalProduct,
    canonicalSum, constantTrueCheck, reductionOfCheck,
]

/// Rewrites that replace formulas by numerically stable equivalents.
public let stabilizeRewrites: [LocalRewrite] = [
    logOnePlus, logOneMinus, softplusFromLog1pExp, log1mexpFromLog1p, log1mexpFromExpm1,
    logSigmoid, logOneMinusSigmoid, expm1FromExp, logSumExpFromParts,
]

/// Rewrites that replace ops by cheaper equivalents.
public let specializeRewrites: [LocalRewrite] = [powerSpecialization, squareOfProduct, divisionByConstant,
                                                  uniformAdvancedIndex, uniformAdvancedIncrement, divisionByBroadcastScalar,
                                                  negationOntoScalar, sumOfScaled, sumOfShifted, sumOfNegation,
                                                  xlogyOfExp, sumOfConstantShift]

/// Applies the full pipeline to the graphs of `outputs` (variables in `inputs` stay).
/// Returns the rewritten outputs; the original graph is unchanged.
public func optimize(_ outputs: [Variable], inputs: Set<Variable> = [], fuse: Bool = true) throws -> [Variable] {
    let first = GraphRewriter(rules: canonicalizeRewrites + stabilizeRewrites)
    var result = try first.rewrite(outputs, inputs: inputs)
    let second = GraphRewriter(rules: canonicalizeRewrites + specializeRewrites)
    result = try second.rewrite(result, inputs: inputs)
    if fuse {
        result = try fuseElementwise(result, inputs: inputs)
        result = try fuseLoops(result, inputs: inputs)
    }
    return result
}
