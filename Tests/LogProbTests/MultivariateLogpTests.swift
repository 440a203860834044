// MultivariateLogpTests.swift — multivariate log-densities against SciPy tables, support boundaries, parameter errors, shape errors and gradients.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

final class MultivariateLogpTests: XCTestCase {
    let rng = try! sharedRandomGenerator(seed: 11)

    func values(_ v: Variable, _ givens: [Variable: NDArray] = [:]) throws -> [Double] {
        try evaluate([v], givens: givens)[0].doubles
    }

    func const(_ values: [Double], _ shape: [Int]? = nil) throws -> Variable {
        constant(try NDArray(values, shape: shape ?? [values.count]))
    }

    func rv(_ name: String, _ params: [Variable], size: [Int]? = nil) throws -> Variable {
        try randomVariable(name, params, size: size, rng: rng).draw
    }

    /// The logp of `name(params)` at a constant value.
    func logpAt(_ name: String, _ params: [Variable], _ value: [Double], _ shape: [Int]? = nil) throws -> [Double] {
        try values(logp(rv(name, params), const(value, shape)))
    }

    /// A 2 x 2 covariance and 3 x 3 helpers used by several tests.
    let cov2 = [2.0, 0.3, 0.3, 1.0]

    func testTablesAgainstSciPy() throws {
        for c in MultivariateLogpReference.cases {
            var params = try c.parameters.map { try const($0.values, $0.shape) }
            if c.distribution == "lkjcholeskycov" {
                // Standard deviations drawn from a log-normal: exp of normal(mu_sd, sigma_sd).
                let n = Int(c.parameters[0].values[0])
                let z = try rv("normal", [params[2], params[3]], size: [n])
                params = [params[0], params[1], try exp(z)]
            }
            let label = "\(c.distribution) (\(c.note))"
            let result = try evaluate([logp(rv(c.distribution, params), const(c.value.values, c.value.shape))])[0]
            XCTAssertEqual(result.shape, c.logp.shape, label)
            for (got, want) in zip(result.doubles, c.logp.values) {
                XCTAssertEqual(got, want, accuracy: 1e-10 * Swift.max(1, Swift.abs(want)), label)
            }
        }
    }

    func testEveryMultivariateRandomVariableHasADensity() throws {
        // Categorical (a scalar draw with a vector parameter) belongs to the discrete family.
        let multivariate = RandomVariableCatalog.all.filter {
            $0.name != "categorical" && ($0.ndimSupp > 0 || $0.ndimsParams.contains(where: { $0 > 0 }))
        }
        XCTAssertGreaterThanOrEqual(multivariate.count, 15)
        for spec in multivariate {
            XCTAssertNotNil(LogProbCatalog.entry(named: spec.name), spec.name)
        }
        // The names the constructors and densities use are the catalog's.
        for kind in GaussianMatrix.allCases {
            XCTAssertEqual(try RandomVariableCatalog.spec(named: kind.normalName).parameters, ["mean", kind.parameter])
            XCTAssertEqual(try RandomVariableCatalog.spec(named: kind.studentTName).parameters, ["nu", "mean", kind.studentTParameter])
        }
        for axes in 1...RandomVariableCatalog.maxZeroSumAxes {
            XCTAssertEqual(try RandomVariableCatalog.spec(named: RandomVariableCatalog.zeroSumNormalName(axes: axes)).ndimSupp, axes)
        }
    }

    func testIntegerCountsAndSymbolicValues() throws {
        // int64 counts, as drawn; the same numbers as doubles.
        let p = try const([0.2, 0.3, 0.5])
        let counts = constant(try NDArray([Int64(2), 3, 5], shape: [3]))
        let asInt = try values(logp(rv("multinomial", [constant(10), p]), counts))
        let asDouble = try logpAt("multinomial", [constant(10), p], [2, 3, 5])
        XCTAssertEqual(asInt, asDouble)
        // log(10! / (2! 3! 5!) 0.2² 0.3³ 0.5⁵), written out.
        let expected = Foundation.log(2520.0) + 2 * Foundation.log(0.2) + 3 * Foundation.log(0.3) + 5 * Foundation.log(0.5)
        XCTAssertEqual(asInt[0], expected, accuracy: 1e-12)
        // A symbolic value variable of unknown length.
        let v = vector("v")
        let lp = try logp(rv("multivariate_normal", [try const([0, 0]), try const(cov2, [2, 2])]), v)
        let at = try values(lp, [v: NDArray([0.0, 0.0])])[0]
        XCTAssertEqual(at, -Foundation.log(2 * Double.pi) - 0.5 * Foundation.log(2 * 1 - 0.09), accuracy: 1e-13)
    }

    func testSupportBoundaries() throws {
        let inf = -Double.infinity
        let alpha = try const([1, 2, 3])
        // Dirichlet: off the simplex, a negative entry, and a zero entry (allowed where a = 1:
        // then log p = log Γ(6) - log Γ(2) - log Γ(3) + log x_2 + 2 log x_3).
        XCTAssertEqual(try logpAt("dirichlet", [alpha], [0.2, 0.3, 0.6]), [inf])
        XCTAssertEqual(try logpAt("dirichlet", [alpha], [-0.1, 0.5, 0.6]), [inf])
        XCTAssertEqual(try logpAt("dirichlet", [alpha], [0.5, 0.0, 0.5]), [inf])
        let zeroFirst = try logpAt("dirichlet", [alpha], [0.0, 0.4, 0.6])[0]
        XCTAssertEqual(zeroFirst, Foundation.log(120.0 / 2) + Foundation.log(0.4) + 2 * Foundation.log(0.6), accuracy: 1e-12)
        // Counts: wrong total, negative, fractional.
        let p = try const([0.5, 0.5])
        for name in ["multinomial", "dirichlet_multinomial"] {
            for bad in [[2.0, 2.0], [-1.0, 4.0], [1.5, 1.5]] {
                XCTAssertEqual(try logpAt(name, [constant(3.0), p], bad), [inf], "\(name) at \(bad)")
            }
        }
        // A zero-probability category: count 0 is fine, count 1 impossible.
        XCTAssertEqual(try logpAt("multinomial", [constant(2.0), try const([0.0, 1.0])], [0, 2]), [0])
        XCTAssertEqual(try logpAt("multinomial", [constant(2.0), try const([0.0, 1.0])], [1, 1]), [inf])
        // LKJ: correlations giving an indefinite matrix, and an entry beyond 1.
        let lkj = [constant(3), constant(2.0)]
        XCTAssertEqual(try logpAt("lkjcorr", lkj, [0.9, -0.9, 0.9]), [inf])
        XCTAssertEqual(try logpAt("lkjcorr", lkj, [1.2, 0, 0]), [inf])
        // LKJ Cholesky covariance: a non-positive diagonal entry.
        let sd = try exp(rv("normal", [constant(0.0), constant(1.0)], size: [2]))
        XCTAssertEqual(try logpAt("lkjcholeskycov", [constant(2), constant(1.0), sd], [1.0, 0.5, -0.3]), [inf])
        // Wishart: not symmetric, and symmetric but indefinite.
        let w = [constant(4.0), try const([1, 0, 0, 1], [2, 2])]
        XCTAssertEqual(try logpAt("wishart", w, [1, 0.5, 0.4, 1], [2, 2]), [inf])
        XCTAssertEqual(try logpAt("wishart", w, [1, 2, 2, 1], [2, 2]), [inf])
        // Zero-sum normal: a value whose mean is not zero (and one that is, to 1e-16).
        let z = [try const([1.0], [1]), try const([3])]
        XCTAssertEqual(try logpAt("zerosumnormal", z, [0.5, 0.5, 0.1]), [inf])
        XCTAssertTrue(try logpAt("zerosumnormal", z, [0.5, -0.2, -0.3])[0].isFinite)
        let grid = [try const([1.0], [1, 1]), try const([2, 2])]
        XCTAssertEqual(try logpAt("zerosumnormal_2d", grid, [1, -1, 1, -1], [2, 2]), [inf])
        // -(1² · 4)/2 - 1 · log √(2π): one degree of freedom on the 2 x 2 grid.
        XCTAssertEqual(try logpAt("zerosumnormal_2d", grid, [1, -1, -1, 1], [2, 2])[0], -2 - 0.918_938_533_204_672_7,
                       accuracy: 1e-14)
    }

    func testInvalidParametersRaisePyMCMessages() throws {
        let notPD = try const([1, 2, 2, 1], [2, 2])
        let mean = try const([0, 0]), x = [0.0, 0.0]
        assertThrows(.value, ["posdef covariance"]) { _ = try self.logpAt("multivariate_normal", [mean, notPD], x) }
        assertThrows(.value, ["posdef precision"]) { _ = try self.logpAt("precision_multivariate_normal", [mean, notPD], x) }
        let negativeDiagonal = try const([1, 0, 0.5, -1], [2, 2])
        assertThrows(.value, ["posdef covariance"]) {
            _ = try self.logpAt("cholesky_multivariate_normal", [mean, negativeDiagonal], x)
        }
        let scale = try const(cov2, [2, 2])
        assertThrows(.value, ["posdef, nu > 0"]) { _ = try self.logpAt("multivariate_studentt", [constant(-1.0), mean, scale], x) }
        assertThrows(.value, ["posdef, nu > 0"]) { _ = try self.logpAt("multivariate_studentt", [constant(3.0), mean, notPD], x) }
        assertThrows(.value, ["a > 0"]) { _ = try self.logpAt("dirichlet", [try self.const([1, 0])], [0.5, 0.5]) }
        let message = "0 <= p <= 1, sum(p) = 1, n >= 0"
        assertThrows(.value, [message]) { _ = try self.logpAt("multinomial", [constant(2.0), try self.const([0.5, 0.6])], [1, 1]) }
        assertThrows(.value, [message]) { _ = try self.logpAt("multinomial", [constant(-2.0), try self.const([0.5, 0.5])], [-1, -1]) }
        assertThrows(.value, ["a > 0, n >= 0"]) {
            _ = try self.logpAt("dirichlet_multinomial", [constant(2.0), try self.const([1, -1])], [1, 1])
        }
        assertThrows(.value, ["eta > 0"]) { _ = try self.logpAt("lkjcorr", [constant(2), constant(0.0)], [0.1]) }
        let sd = try exp(rv("normal", [constant(0.0), constant(1.0)], size: [2]))
        assertThrows(.value, ["eta > 0"]) { _ = try self.logpAt("lkjcholeskycov", [constant(2), constant(-1.0), sd], [1, 0, 1]) }
        let identity = try const([1, 0, 0, 1], [2, 2])
        assertThrows(.value, ["nu > p - 1"]) { _ = try self.logpAt("wishart", [constant(0.5), identity], [1, 0, 0, 1], [2, 2]) }
        assertThrows(.value, ["posdef V"]) { _ = try self.logpAt("wishart", [constant(3.0), notPD], [1, 0, 0, 1], [2, 2]) }
        assertThrows(.value, ["sigma > 0"]) {
            _ = try self.logpAt("zerosumnormal", [try self.const([-1.0], [1]), try self.const([2])], [0.5, -0.5])
        }
    }

    func testShapeErrorsNameBothShapes() throws {
        let normal = try rv("multivariate_normal", [try const([0, 0, 0]), try const([1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3])])
        assertThrows(.value, ["value of shape (2,)", "mean of shape (3,)", "cov of shape (3, 3)"]) {
            _ = try logp(normal, self.const([1, 2]))
        }
        assertThrows(.value, ["at least 1 dimension"]) { _ = try logp(normal, constant(1.0)) }
        let dirichlet = try rv("dirichlet", [try const([1, 1, 1, 1])])
        assertThrows(.value, ["value of shape (3,)", "alpha of shape (4,)"]) { _ = try logp(dirichlet, self.const([0.2, 0.3, 0.5])) }
        let lkj = try rv("lkjcorr", [constant(3), constant(1.0)])
        assertThrows(.value, ["length 4 does not fit"]) { _ = try logp(lkj, self.const([0, 0, 0, 0])) }
        assertThrows(.value, ["n = 3 needs a value of length 3"]) { _ = try logp(lkj, self.const([0])) }
        let wishart = try rv("wishart", [constant(5.0), try const([1, 0, 0, 1], [2, 2])])
        assertThrows(.value, ["value of shape (3, 3)", "V of shape (2, 2)"]) {
            _ = try logp(wishart, self.const([1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3]))
        }
        // The standard deviations of an LKJ Cholesky covariance must be random.
        let fixed = try rv("lkjcholeskycov", [constant(2), constant(1.0), try const([1, 2])])
        assertThrows(.value, ["must be drawn from a distribution"]) { _ = try logp(fixed, self.const([1, 0, 1])) }
    }

    // MARK: Gradients against finite differences (values kept inside the support by
    // building them from free inputs inside the graph).

    func testGaussianGradients() throws {
        let v = matrix("v"), mu = vector("mu"), a = matrix("a"), nu = scalar("nu")
        var r = TestRandom(seed: 5)
        let inputs = [r.array([4, 3]), r.array([3]), r.array([3, 3])]
        // Σ = A Aᵀ + I (symmetric positive definite for any A), its factor and its inverse.
        func spd(_ a: Variable) throws -> Variable { try matmul(a, matrixTranspose(a)) + eye(3) }
        try checkGradient([v, mu, a], inputs) { x in
            try logp(self.rv("multivariate_normal", [x[1], spd(x[2])]), x[0])
        }
        try checkGradient([v, mu, a], inputs) { x in
            try logp(self.rv("precision_multivariate_normal", [x[1], spd(x[2])]), x[0])
        }
        try checkGradient([v, mu, a], inputs) { x in
            try logp(self.rv("cholesky_multivariate_normal", [x[1], cholesky(spd(x[2]))]), x[0])
        }
        try checkGradient([v, mu, a, nu], inputs + [NDArray(scalar: 2.5)]) { x in
            try logp(self.rv("multivariate_studentt", [x[3], x[1], spd(x[2])]), x[0])
        }
        // Zero-sum normal: the value is w minus its mean; sigma of core shape (1,).
        let w = vector("w"), sigma = vector("sigma", length: 1)
        try checkGradient([w, sigma], [r.array([5]), NDArray([1.7])]) { x in
            let centered = try x[0] - mean(x[0])
            return try logp(self.rv("zerosumnormal", [x[1], self.const([5])]), centered)
        }
    }

    func testSimplexAndMatrixGradients() throws {
        var r = TestRandom(seed: 9)
        // Dirichlet at softmax(y) with free concentrations.
        let y = vector("y"), alpha = vector("alpha")
        try checkGradient([y, alpha], [r.array([4]), r.array([4], 0.5, 3)]) { x in
            let e = try exp(x[0])
            return try logp(self.rv("dirichlet", [x[1]]), e / sum(e))
        }
        // Multinomial in p (perturbations of 1e-6 keep Σp within numpy.isclose of 1).
        let prob = vector("p")
        try checkGradient([prob], [NDArray([0.2, 0.3, 0.5])]) { x in
            try logp(self.rv("multinomial", [constant(6.0), x[0]]), self.const([1, 2, 3]))
        }
        // Dirichlet-multinomial in a.
        let a = vector("a")
        try checkGradient([a], [r.array([3], 0.5, 4)]) { x in
            try logp(self.rv("dirichlet_multinomial", [constant(6.0), x[0]]), self.const([1, 2, 3]))
        }
        // LKJ correlation (n = 3) at small correlations, and in eta.
        let c = vector("c"), eta = scalar("eta")
        try checkGradient([c, eta], [r.array([3], -0.3, 0.3), NDArray(scalar: 1.8)]) { x in
            try logp(self.rv("lkjcorr", [constant(3), x[1]]), x[0])
        }
        // LKJ Cholesky covariance (n = 3) in the packed factor and eta; sd ~ exp(normal).
        let packed = vector("packed")
        let factor = NDArray([1.2, 0.3, 0.9, -0.4, 0.2, 1.1])
        try checkGradient([packed, eta], [factor, NDArray(scalar: 2.0)]) { x in
            let sd = try exp(self.rv("normal", [constant(0.2), constant(0.7)], size: [3]))
            return try logp(self.rv("lkjcholeskycov", [constant(3), x[1], sd]), x[0])
        }
        // Wishart at X = B Bᵀ + I with V = C Cᵀ + I and nu.
        let b = matrix("b"), cm = matrix("c"), nu = scalar("nu")
        try checkGradient([b, cm, nu], [r.array([3, 3]), r.array([3, 3]), NDArray(scalar: 5.5)]) { x in
            let xMatrix = try matmul(x[0], matrixTranspose(x[0])) + eye(3)
            let vMatrix = try matmul(x[1], matrixTranspose(x[1])) + eye(3)
            return try logp(self.rv("wishart", [x[2], vMatrix]), xMatrix)
        }
    }

    // MARK: PyMC-style constructors and the packed-matrix helpers.

    func testConstructorsFollowPyMCParameterizations() throws {
        let cov = try const(cov2, [2, 2])
        let chol = try evaluate([cholesky(cov)])[0]
        let at = try const([0.3, -1.2])
        let reference = try values(logp(rv("multivariate_normal", [try const([1, 1]), cov]), at))
        // A scalar mean is broadcast to the matrix; chol given lower or upper; tau.
        let fromChol = try multivariateNormal(mean: constant(1.0), chol: constant(chol), rng: rng).draw
        XCTAssertEqual("\(fromChol.owner!.op)", "cholesky_multivariate_normal_rv{1, (1, 2), floatX, False}")
        let upper = try multivariateNormal(mean: constant(1.0), chol: matrixTranspose(constant(chol)), lower: false, rng: rng).draw
        let fromTau = try multivariateNormal(mean: const([1, 1]), tau: inv(cov), rng: rng).draw
        for x in [fromChol, upper, fromTau] {
            XCTAssertEqual(try values(logp(x, at))[0], reference[0], accuracy: 1e-12)
        }
        assertThrows(.value, ["Specify exactly one of tau, cov, or chol"]) {
            _ = try multivariateNormal(mean: constant(0.0), cov: cov, chol: cov, rng: self.rng)
        }
        assertThrows(.value, ["Specify exactly one of tau, scale, or chol"]) {
            _ = try multivariateStudentT(nu: constant(1.0), mean: constant(0.0), rng: self.rng)
        }
        let t = try multivariateStudentT(nu: constant(3.0), mean: constant(0.0), tau: inv(cov), size: [4], rng: rng).draw
        XCTAssertEqual(t.type.shape, [4, 2])
        XCTAssertTrue("\(t.owner!.op)".hasPrefix("precision_multivariate_studentt_rv"))
        // Zero-sum normal: a scalar sigma gains its core axis; sigma varying along it is refused.
        let z = try zeroSumNormal(sigma: constant(2.0), supportShape: [4], size: [3], rng: rng).draw
        XCTAssertEqual(try evaluate([z])[0].shape, [3, 4])
        assertThrows(.value, ["sigma must have length one across the zero-sum axes"]) {
            _ = try zeroSumNormal(sigma: self.const([1, 2]), supportShape: [2], rng: self.rng)
        }
        assertThrows(.value, ["has to be as long as n_zerosum_axes"]) {
            _ = try zeroSumNormal(sigma: constant(1.0), supportShape: [2, 3], rng: self.rng)
        }
    }

    func testLKJCholeskyCovConstructorResizesTheDeviations() throws {
        let sdDist = try rv("normal", [constant(1.0), constant(0.5)])
        let packed = try lkjCholeskyCov(n: 3, eta: constant(2.0), sdDist: sdDist, size: [4], rng: rng).draw
        let draws = try evaluate([packed])[0]
        XCTAssertEqual(draws.shape, [4, 6])
        // The deviations were re-drawn with 3 per factor: the first rows differ across factors.
        let first = (0..<4).map { draws.double(flat: 6 * $0) }
        XCTAssertEqual(Set(first).count, 4)
        XCTAssertTrue(try values(logp(packed, constant(draws))).allSatisfy { $0.isFinite })
        assertThrows(.type, ["sd_dist must be a scalar or vector distribution variable"]) {
            _ = try lkjCholeskyCov(n: 3, eta: constant(2.0), sdDist: self.const([1, 2, 3]), rng: self.rng)
        }
    }

    func testPackedMatrixHelpers() throws {
        let packed = try const([1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try values(expandPackedTriangular(3, packed)), [1, 0, 0, 2, 3, 0, 4, 5, 6])
        XCTAssertEqual(try values(expandPackedTriangular(3, packed, lower: false)), [1, 2, 3, 0, 4, 5, 0, 0, 6])
        XCTAssertEqual(try values(lkjCorrelationMatrix(3, const([0.1, 0.2, 0.3]))), [1, 0.1, 0.2, 0.1, 1, 0.3, 0.2, 0.3, 1])
        assertThrows(.value, ["n = 2 needs 3 packed entries"]) { _ = try expandPackedTriangular(2, packed) }
        // L = [[2, 0], [1, 1]]: Σ = [[4, 2], [2, 2]], σ = (2, √2), correlation 2 / (2√2).
        let (chol, corr, stds) = try lkjCholeskyCovariance(n: 2, packed: const([2, 1, 1]))
        XCTAssertEqual(try values(chol), [2, 0, 1, 1])
        let s = try values(stds), c = try values(corr)
        XCTAssertEqual(s[0], 2, accuracy: 1e-15)
        XCTAssertEqual(s[1], 2.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(c[1], 1 / 2.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(c[2], c[1])
        XCTAssertEqual(c[3], 1, accuracy: 1e-15)
    }
}
