// ConditionCheck.swift — the marker for ops that pass a value through after checking boolean conditions (rewrites move and drop them).

import TensorGraph

/// An op whose output is its input 0 unchanged, computed only to raise an error when
/// one of its other inputs (boolean conditions) is false somewhere: PyMC's parameter
/// checks. Rewrites may drop conditions that are constant true and move the check past
/// a reduction of its value (`sum(check(x, c)) -> check(sum(x), c)`): the same error is
/// raised for the same inputs, and the value is no longer an array the check must copy
/// between an elementwise pass and its sum.
public protocol ConditionCheckOp: Op {}
