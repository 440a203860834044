// Model+Steps.swift — the Swift model sampled by compound steps: its joint log density over discrete and continuous value variables, and PyMC's automatic step assignment.

import Autodiff
import Compile
import DenseArrays
import RandomVariables
import Sampling
import TensorGraph

extension Model {
    /// The joint log density of all value variables (int64 ones included) with the gradient of
    /// the float64 ones, compiled for `sampleCompound`.
    public func compileJointLogDensity() throws -> CompiledJointLogDensityFunction {
        let values = valueVariables
        let total = try logp()
        let continuous = values.filter { $0.type.dtype == .float64 }
        let gradients = continuous.isEmpty ? [] : try grad(total, wrt: continuous, disconnected: .ignore)
        return try CompiledJointLogDensityFunction(function: Function(inputs: values, outputs: [total] + gradients))
    }

    /// PyMC's assignment: one NUTS block for the continuous variables, BinaryGibbsMetropolis for
    /// Bernoulli (and two-category Categorical) variables, CategoricalGibbsMetropolis for
    /// Categorical ones, one Metropolis step per other discrete variable, in that order.
    public func defaultSteps() throws -> [StepBlock] {
        let layout = try FlatLayout(valueVariables, integers: true)
        var continuous: [Int] = [], binary: [Int] = [], categorical: [Int] = [], categories: [Int] = []
        var others: [[Int]] = []
        for (i, rv) in freeVariables.enumerated() {
            let coordinates = Array(layout.offsets[i]..<(layout.offsets[i] + layout.shapes[i].reduce(1, *)))
            guard layout.dtypes[i] == .int64 else {
                continuous += coordinates
                continue
            }
            let kind = randomVariableNode(rv)
            let name = kind?.op.spec.name
            var k: Int? = nil
            if name == "categorical", let p = kind?.node.inputs.last, let last = p.type.shape.last { k = last }
            if name == "bernoulli" || k == 2 {
                binary += coordinates
            } else if name == "categorical" {
                guard let k else {
                    throw SPPLError.value("\(rv.name ?? "a categorical variable"): the number of categories must be known before sampling (give p a static shape)")
                }
                categorical += coordinates
                categories += Array(repeating: k, count: coordinates.count)
            } else {
                others.append(coordinates)
            }
        }
        var steps: [StepBlock] = []
        if !continuous.isEmpty { steps.append(StepBlock(.nuts, coordinates: continuous)) }
        if !binary.isEmpty { steps.append(StepBlock(.binaryGibbs(BinaryGibbsSettings()), coordinates: binary)) }
        if !categorical.isEmpty {
            steps.append(StepBlock(.categoricalGibbs(CategoricalGibbsSettings(categories: categories)), coordinates: categorical))
        }
        for coordinates in others {
            var settings = MetropolisSettings()
            // PyMC moves a scalar as one block and a vector element by element.
            settings.elementwise = coordinates.count > 1
            steps.append(StepBlock(.metropolis(settings), coordinates: coordinates))
        }
        return steps
    }

    /// Samples every free variable, discrete ones included (`sample` is NUTS alone), with `steps` (default: `defaultSteps()`);
    /// positions are the value variables in order (integers as exact doubles, continuous ones on
    /// their unconstrained scale).
    public func sampleSteps(_ options: NUTSOptions, steps: [StepBlock]? = nil) throws -> [CompoundTrace] {
        let compiled = try compileJointLogDensity()
        let blocks = try steps ?? defaultSteps()
        return try sampleCompound(options: options, blocks: blocks, discrete: compiled.layout.discrete,
                                  initialPoints: [try flatInitialPoint()]) { _ in try compiled.makeDensity() }
    }
}
