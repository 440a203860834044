// IncompleteGamma+Temme.swift — Temme's uniform asymptotic expansion of P(a, x) and Q(a, x) for large a, x ≈ a.

import RealModule

/// Taylor coefficients in η of Temme's C_k(η), k = 0...9 (row k has 24 - 2k of them), computed
/// exactly in rational arithmetic by scripts/reference/temme_gamma_coefficients.py and rounded to
/// doubles; they agree with DiDonato & Morris (1986), Table 1 (d₀₀ = -1/3, d₁₀ = -1/540, ...).
@usableFromInline let temmeGammaCoefficients: [[Double]] = [
    [-0.3333333333333333, 0.08333333333333333, -0.014814814814814815, 0.0011574074074074073, 0.0003527336860670194, -0.0001787551440329218, 3.919263178522438e-05, -2.185448510679992e-06, -1.85406221071516e-06, 8.296711340953087e-07, -1.7665952736826078e-07, 6.707853543401498e-09, 1.0261809784240309e-08, -4.382036018453353e-09, 9.14769958223679e-10, -2.5514193994946248e-11, -5.830772132550426e-11, 2.4361948020667415e-11, -5.0276692801141755e-12, 1.1004392031956135e-13, 3.371763262400985e-13, -1.392388722418162e-13, 2.8534893807047445e-14, -5.139111834242572e-16],
    [-0.001851851851851852, -0.003472222222222222, 0.0026455026455026454, -0.0009902263374485596, 0.00020576131687242798, -4.018775720164609e-07, -1.8098550334489977e-05, 7.64916091608111e-06, -1.6120900894563446e-06, 4.647127802807434e-09, 1.378633446915721e-07, -5.752545603517705e-08, 1.1951628599778148e-08, -1.7543241719747647e-11, -1.0091543710600413e-09, 4.162792991842583e-10, -8.56390702649298e-11, 6.067215101604758e-14, 7.1624989648114856e-12, -2.933186643771437e-12, 5.996696365683689e-13, -2.1671786527323313e-16],
    [0.004133597883597883, -0.0026813271604938273, 0.0007716049382716049, 2.0093878600823047e-06, -0.0001073665322636516, 5.2923448829120125e-05, -1.2760635188618728e-05, 3.423578734096138e-08, 1.3721957309062934e-06, -6.298992138380055e-07, 1.4280614206064242e-07, -2.0477098421990866e-10, -1.409252991086752e-08, 6.228974084922022e-09, -1.3670488396617114e-09, 9.428356159014678e-13, 1.2872252400089318e-10, -5.5645956134363323e-11, 1.197593554636698e-11, -4.1689782251838634e-15],
    [0.0006494341563786008, 0.00022947209362139917, -0.0004691894943952557, 0.00026772063206283885, -7.561801671883977e-05, -2.396505113867297e-07, 1.1082654115347302e-05, -5.6749528269915965e-06, 1.4230900732435883e-06, -2.7861080291528143e-11, -1.6958404091930278e-07, 8.099464905388083e-08, -1.9111168485973655e-08, 2.3928620439808118e-12, 2.0620131815488797e-09, -9.460496661855133e-10, 2.1541049775774907e-10, -1.388823336813903e-14],
    [-0.0008618882909167117, 0.0007840392217200666, -0.0002990724803031902, -1.4638452578843418e-06, 6.641498215465122e-05, -3.968365047179435e-05, 1.1375726970678419e-05, 2.507497226237533e-10, -1.6954149536558305e-06, 8.907507532205309e-07, -2.292934834000805e-07, 2.956794137544049e-11, 2.8865829742708783e-08, -1.4189739437803219e-08, 3.4463580499464896e-09, -2.3024517174528067e-13],
    [-0.00033679855336635813, -6.972813758365857e-05, 0.0002772753244959392, -0.00019932570516188847, 6.797780477937208e-05, 1.419062920643967e-07, -1.3594048189768693e-05, 8.018470256334202e-06, -2.291481176508095e-06, -3.252473551298454e-10, 3.4652846491085265e-07, -1.8447187191171344e-07, 4.8240967037894184e-08, -1.7989466721743514e-14],
    [0.0005313079364639922, -0.0005921664373536939, 0.0002708782096718045, 7.902353232660328e-07, -8.153969367561969e-05, 5.61168275310625e-05, -1.8329116582843375e-05, -3.0796134506033047e-09, 3.465155368803609e-06, -2.0291327396058603e-06, 5.788792863149004e-07, 2.338630673826657e-13],
    [0.00034436760689237765, 5.171790908260592e-05, -0.00033493161081142234, 0.0002812695154763237, -0.00010976582244684731, -1.2741009095484485e-07, 2.7744451511563645e-05, -1.8263488805711332e-05, 5.7876949497350525e-06, 4.93875893393627e-10],
    [-0.0006526239185953094, 0.0008394987206720873, -0.000438297098541721, -6.969091458420552e-07, 0.00016644846642067547, -0.00012783517679769218, 4.629953263691304e-05, 4.557909867922708e-09],
    [-0.0005967612901927463, -7.204895416020011e-05, 0.0006782308837667328, -0.0006401475260262758, 0.00027750107634328704, 1.819700838046515e-07],
]

/// The expansion's pieces at (a, x): η, the log of the common factor e^(-aη²/2) = a log1pmx(x/a - 1),
/// S = Σ_k C_k(η) a^-k and, when asked, S' = Σ_k C_k'(η) a^-k and Σ_k k C_k(η) a^-k.
@usableFromInline struct TemmeGammaTerms {
    var eta: Double
    var logScale: Double
    var sum: Double
    var sumDerivative: Double = 0
    var sumWeighted: Double = 0
}

/// Evaluates the expansion's series at (a, x) for a >= 20 and |x/a - 1| <= 0.3, where |η| <= 0.34.
///
/// With d = (x - a)/a (x - a is exact for x within a factor 2 of a), λ - 1 - log λ = -log1pmx(d)
/// is formed without cancellation, and η = sign(d) √(-2 log1pmx(d)). The C_k are evaluated by
/// Horner's rule in η (their Taylor series converge for |η| < 2√π, so at |η| <= 0.34 the last of
/// 24 - 2k terms is below 1e-18 of the first), and S by Horner's rule in 1/a: at a = 20 the
/// omitted k = 10 term, ~1.3e-3 / 20^10, is 1e-16 of C_0.
@usableFromInline func temmeGammaTerms(_ a: Double, _ x: Double, derivatives: Bool = false) -> TemmeGammaTerms {
    let d = (x - a) / a
    let l = log1pmx(d)
    let eta = d < 0 ? -(-2 * l).squareRoot() : (-2 * l).squareRoot()
    let inverseA = 1 / a
    var sum = 0.0
    var sumDerivative = 0.0
    var sumWeighted = 0.0
    for k in stride(from: temmeGammaCoefficients.count - 1, through: 0, by: -1) {
        let row = temmeGammaCoefficients[k]
        var c = 0.0
        var dc = 0.0
        for n in stride(from: row.count - 1, through: 0, by: -1) {
            if derivatives && n > 0 { dc = dc * eta + Double(n) * row[n] }
            c = c * eta + row[n]
        }
        sum = sum * inverseA + c
        if derivatives {
            sumDerivative = sumDerivative * inverseA + dc
            sumWeighted = sumWeighted * inverseA + Double(k) * c
        }
    }
    return TemmeGammaTerms(eta: eta, logScale: a * l, sum: sum, sumDerivative: sumDerivative, sumWeighted: sumWeighted)
}

/// log P(a, x) (when x <= a) or log Q(a, x) (when x > a) by Temme's expansion; `lower` says which.
///
/// Q = ½ erfc(η√(a/2)) + e^(-aη²/2) S/√(2πa), P = ½ erfc(-η√(a/2)) - e^(-aη²/2) S/√(2πa)
/// (DLMF 8.12.3-4, 8.12.7). The tail with η of its sign (Q for η > 0, P for η <= 0) is the smaller
/// one; with erfc(y) = erfcx(y) e^(-y²) and y² = aη²/2 it is e^(-aη²/2) [½ erfcx(|y|) ± S/√(2πa)],
/// whose logarithm never underflows. In the bracket, ½ erfcx(|y|) ≈ 1/(|η|√(2πa)) and S ≈ C_0 =
/// 1/(λ - 1) - 1/η: the 1/η parts cancel but leave 1/|λ - 1|, of the same size, so no digits are lost.
@usableFromInline func temmeGammaLog(_ a: Double, _ x: Double) -> (lower: Bool, log: Double) {
    let t = temmeGammaTerms(a, x)
    let y = Swift.abs(t.eta) * (0.5 * a).squareRoot()
    let correction = t.sum / (2 * Double.pi * a).squareRoot()
    if t.eta > 0 {
        return (false, t.logScale + Double.log(0.5 * erfcx(y) + correction))
    }
    return (true, t.logScale + Double.log(0.5 * erfcx(y) - correction))
}
