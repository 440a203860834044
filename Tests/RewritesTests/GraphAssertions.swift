// GraphAssertions.swift — structural graph equality for rewrite tests (ops equal, inputs equal, same roots).

import SwiftPPL
import XCTest

/// Whether two graphs compute the same thing node for node: equal ops, equal inputs,
/// identical root variables or constants with equal values.
func sameGraph(_ a: Variable, _ b: Variable) -> Bool {
    if a === b { return true }
    if let x = a.constantValue, let y = b.constantValue {
        return x.dtype == y.dtype && x.shape == y.shape && x.doubles.elementsEqual(y.doubles) { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
    guard let p = a.owner, let q = b.owner, a.index == b.index, p.op.isEqual(to: q.op),
          p.inputs.count == q.inputs.count else { return false }
    return zip(p.inputs, q.inputs).allSatisfy { sameGraph($0.0, $0.1) }
}

func assertSameGraph(_ actual: Variable, _ expected: Variable, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertTrue(sameGraph(actual, expected), "rewritten graph:\n\(dprint([actual]))expected:\n\(dprint([expected]))", file: file, line: line)
}

/// `outputs` after the canonicalize, stabilize and specialize phases (no fusion).
func rewritten(_ output: Variable, inputs: Set<Variable> = []) throws -> Variable {
    try optimize([output], inputs: inputs, fuse: false)[0]
}

/// Rewrites with a single rule and reports whether it fired.
func rewrittenWith(_ rules: [LocalRewrite], _ output: Variable) throws -> (Variable, [String: Int]) {
    let rewriter = GraphRewriter(rules: rules)
    let out = try rewriter.rewrite([output])[0]
    return (out, rewriter.applied)
}
