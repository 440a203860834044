// NutpieScheduleTests.swift — details of nutpie's warm-up: the step-size jitter, the late-warm-up acceptance statistic, which draws the metric learns from.

import Foundation
@testable import Sampling
import XCTest

final class NutpieScheduleTests: XCTestCase {
    /// With the gradient-based metric every transition runs with ε·u, u ~ Uniform(0.9, 1.1),
    /// ε the adapted step size: the post-warm-up ratios stay inside [0.9, 1.1] and their mean
    /// and mean squared deviation match the uniform's 1 and w²/3 (w = 0.1) within 4 standard
    /// errors (sd of u is w/√3, of (u−1)² is w²·√(4/45)).
    func testPostWarmupStepSizesAreUniformlyJittered() throws {
        let n = 4
        let o = options(draws: 2000, tune: 400, chains: 2, seed: 11)
        let traces = try sampleNUTS(options: o, initialPoints: [Array(repeating: 0.3, count: n)]) { _ in
            diagonalGaussian(mean: Array(repeating: 0, count: n), sd: Array(repeating: 1, count: n))
        }
        let w = 0.1
        for t in traces {
            let ratios = t.stepSize[t.tune...].map { $0 / t.finalStepSize }
            let count = Double(ratios.count)
            XCTAssertGreaterThanOrEqual(ratios.min() ?? 0, 1 - w - 1e-12)
            XCTAssertLessThanOrEqual(ratios.max() ?? 2, 1 + w + 1e-12)
            // 2000 uniform draws miss [0.9, 0.905] with probability 0.975^2000 ≈ 1e-22.
            XCTAssertLessThan(ratios.min() ?? 2, 1 - w + 0.005)
            XCTAssertGreaterThan(ratios.max() ?? 0, 1 + w - 0.005)
            let mean = ratios.reduce(0, +) / count
            let meanSE = w / 3.0.squareRoot() / count.squareRoot()
            XCTAssertLessThan(abs(mean - 1) / meanSE, 4, "mean ratio \(mean)")
            let square = ratios.reduce(0) { $0 + ($1 - 1) * ($1 - 1) } / count
            let squareSE = w * w * (4.0 / 45).squareRoot() / count.squareRoot()
            XCTAssertLessThan(abs(square - w * w / 3) / squareSE, 4, "mean squared deviation \(square)")
        }
    }

    /// Stan's windowed adaptation keeps one fixed step size after warm-up, as Stan and PyMC do.
    func testWindowedAdaptationKeepsAFixedStepSize() throws {
        let o = options(draws: 200, tune: 300, chains: 1, seed: 3, adaptation: .windowedDiagonal)
        let traces = try sampleNUTS(options: o, initialPoints: [[0.1, -0.2]]) { _ in
            diagonalGaussian(mean: [0, 0], sd: [1, 2])
        }
        for t in traces {
            XCTAssertTrue(t.stepSize[t.tune...].allSatisfy { $0 == t.finalStepSize })
        }
    }

    /// The symmetric statistic nutpie tunes ε to late in warm-up is the trajectory mean of
    /// 2·min(1, e^δ)/(1 + e^δ), δ = H0 − H. With a maximum tree depth of 1 the trajectory is
    /// one leapfrog step; when that step's point is selected, energyError = −δ, so both
    /// statistics follow from the recorded energy error (the Metropolis one as min(1, e^δ)).
    func testAcceptanceStatisticsOfOneStepTrajectories() throws {
        var o = options(draws: 300, tune: 200, chains: 1, seed: 8)
        o.maxTreeDepth = 1
        let traces = try sampleNUTS(options: o, initialPoints: [[0.4, -0.7, 1.1]]) { _ in
            diagonalGaussian(mean: [0, 1, -1], sd: [1, 0.5, 2])
        }
        var checked = 0
        for t in traces {
            for k in 0..<t.count where t.indexInTrajectory[k] != 0 && !t.diverging[k] {
                XCTAssertEqual(t.leapfrogSteps[k], 1)
                let delta = -t.energyError[k]
                let symmetric = 2 * min(1, exp(delta)) / (1 + exp(delta))
                XCTAssertEqual(t.symmetricAcceptanceRate[k], symmetric, accuracy: 1e-12 * max(1, symmetric))
                XCTAssertEqual(t.acceptanceRate[k], min(1, exp(delta)), accuracy: 1e-12)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 100)
    }

    /// nuts-rs's rule: a draw enters the gradient-based estimators when the chain moved
    /// (index ≠ 0), or, after a divergence, when it lies more than four steps from the start.
    func testWhichDrawsTheMetricLearnsFrom() {
        func info(index: Int, diverging: Bool) -> TransitionInfo {
            TransitionInfo(logp: 0, energy: 0, energyError: 0, acceptanceRate: 1, symmetricAcceptanceRate: 1,
                           treeDepth: 3, leapfrogSteps: 7, diverging: diverging, reachedMaxTreeDepth: false,
                           indexInTrajectory: index, stepSize: 0.1)
        }
        XCTAssertFalse(GradientDiagonalEstimator.learns(from: info(index: 0, diverging: false)))
        XCTAssertTrue(GradientDiagonalEstimator.learns(from: info(index: 1, diverging: false)))
        XCTAssertTrue(GradientDiagonalEstimator.learns(from: info(index: -3, diverging: false)))
        XCTAssertFalse(GradientDiagonalEstimator.learns(from: info(index: 4, diverging: true)))
        XCTAssertFalse(GradientDiagonalEstimator.learns(from: info(index: -4, diverging: true)))
        XCTAssertTrue(GradientDiagonalEstimator.learns(from: info(index: 5, diverging: true)))
        XCTAssertTrue(GradientDiagonalEstimator.learns(from: info(index: -6, diverging: true)))
    }
}
