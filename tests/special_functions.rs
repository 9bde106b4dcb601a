//! The special functions of `dualnum::Special` (erf, erfc, gamma, ln_gamma, polygamma,
//! Bessel J and Y, spherical Bessel j) and the inherent `lerp`, `midpoint`, `hypot3`:
//! values, first derivatives (`Dual<f64, 1>`) and second derivatives
//! (`Dual<Dual<f64, 1>, 1>`) against references computed with mpmath; derivatives against
//! Richardson differences of the `f64` values; second derivatives against hand formulas;
//! every call path (`f64`, `f32`, `Dual`, nested, `derivative`, `gradient`); the domain
//! edges; and no panic on NaN or infinite input.
//!
//! Reference values: mpmath 1.3.0 (Python), `mp.mp.dps = 40`, printed to 20 digits with
//! `mp.nstr(v, 20)`. For each row, `x = mp.mpf(x_f64)` (the exact `f64`), value `f(x)`,
//! first and second derivatives `mp.diff(f, x, 1)` and `mp.diff(f, x, 2)` with `f` =
//! `mp.erf`, `mp.erfc`, `mp.gamma`, `mp.log(abs(mp.gamma(x)))`, `mp.digamma`,
//! `mp.polygamma(n, x)`, `mp.besselj(n, x)`, `mp.bessely(n, x)`, and the spherical
//! `mp.sqrt(mp.pi/(2x)) * mp.besselj(n + 1/2, x)` (its limit 1 or 0 at `x = 0`).

mod common;

use common::oracles::richardson;
use common::tolerance::close;
use dualnum::{Dual, Special, derivative, gradient};
use nalgebra::Vector2;

#[derive(Clone, Copy, Debug, PartialEq)]
enum F {
    Erf,
    Erfc,
    Gamma,
    LnGamma,
    Digamma,
    Trigamma,
    Polygamma2,
    Polygamma3,
    J0,
    J1,
    J2,
    J5,
    Y0,
    Y1,
    Y2,
    Y5,
    SphJ0,
    SphJ1,
    SphJ2,
}
use F::*;

const ALL: [F; 19] = [
    Erf, Erfc, Gamma, LnGamma, Digamma, Trigamma, Polygamma2, Polygamma3, J0, J1, J2, J5, Y0, Y1,
    Y2, Y5, SphJ0, SphJ1, SphJ2,
];

/// The function, written once for every `Special` type.
fn eval<T: Special>(f: F, x: T) -> T {
    match f {
        Erf => Special::erf(x),
        Erfc => Special::erfc(x),
        Gamma => Special::gamma(x),
        LnGamma => Special::ln_gamma(x),
        Digamma => x.digamma(),
        Trigamma => x.trigamma(),
        Polygamma2 => x.polygamma(2),
        Polygamma3 => x.polygamma(3),
        J0 => x.bessel_j0(),
        J1 => x.bessel_j1(),
        J2 => x.bessel_jn(2),
        J5 => x.bessel_jn(5),
        Y0 => x.bessel_y0(),
        Y1 => x.bessel_y1(),
        Y2 => x.bessel_yn(2),
        Y5 => x.bessel_yn(5),
        SphJ0 => x.spherical_j0(),
        SphJ1 => x.spherical_j1(),
        SphJ2 => x.spherical_j2(),
    }
}

/// `(function, x, f(x), f'(x), f''(x))`, from mpmath (see the module doc).
// The digits are mpmath's, as printed (20 significant digits): more than an f64 holds.
#[rustfmt::skip]
#[allow(clippy::excessive_precision)]
const REFERENCE: &[(F, f64, f64, f64, f64)] = &[
    (Erf, -3.0, -0.99997790950300141456, 0.00013925305194674785389, 0.00083551831168048712334),
    (Erf, -0.5, -0.52049987781304653768, 0.87878257893544479409, 0.87878257893544479409),
    (Erf, 0.10000000000000001, 0.1124629160182848984, 1.1171516067889369419, -0.22343032135778740078),
    (Erf, 0.5, 0.52049987781304653768, 0.87878257893544479409, -0.87878257893544479409),
    (Erf, 1.0, 0.84270079294971486934, 0.41510749742059470334, -0.83021499484118940668),
    (Erf, 2.5, 0.99959304798255504106, 0.0021782842303527097204, -0.010891421151763548602),
    (Erf, 5.0, 0.99999999999846254021, 1.5670866531017335308e-11, -1.5670866531017335308e-10),
    (Erfc, -2.0, 1.9953222650189527342, -0.020666985354092053857, -0.082667941416368215428),
    (Erfc, 0.10000000000000001, 0.8875370839817151016, -1.1171516067889369419, 0.22343032135778740078),
    (Erfc, 0.5, 0.47950012218695346232, -0.87878257893544479409, 0.87878257893544479409),
    (Erfc, 1.0, 0.15729920705028513066, -0.41510749742059470334, 0.83021499484118940668),
    (Erfc, 2.5, 0.00040695201744495893956, -0.0021782842303527097204, 0.010891421151763548602),
    (Erfc, 5.0, 1.5374597944280348502e-12, -1.5670866531017335308e-11, 1.5670866531017335308e-10),
    (Erfc, 10.0, 2.088487583762544757e-45, -4.1976562313544168901e-44, 8.3953124627088337802e-43),
    (Erfc, 26.0, 5.6631924088561428465e-296, -2.9470349932662695402e-294, 1.5324581964984601609e-292),
    (Gamma, 0.01, 99.432585119150601632, -9999.0288029466806917, 1999998.2427867071593),
    (Gamma, 0.5, 1.7724538509055160273, -3.4802309069132620269, 15.580177442406252781),
    (Gamma, 1.5, 0.88622692545275801365, 0.032338397448885013829, 0.82962690737660233646),
    (Gamma, 3.7000000000000002, 4.1706517837966040301, 4.8677909909026075859, 6.9745194280400802611),
    (Gamma, 10.300000000000001, 716430.68906237640663, 1635479.0432946170724, 3806538.7910869124256),
    (Gamma, -0.5, -3.5449077018110320546, -0.12935358979554005532, -31.677769243994665783),
    (Gamma, -2.5, -0.94530872048294188123, -1.0428235924606153547, -10.167930811390321295),
    (Gamma, 30.199999999999999, 1.7410094445911311909e+31, 5.9041012572864122414e+31, 2.0080568680241421273e+32),
    (LnGamma, 0.01, 4.5994798780420217016, -100.56088545786867242, 10001.621213528312804),
    (LnGamma, 0.5, 0.57236494292470008707, -1.9635100260214234794, 4.9348022005446793094),
    (LnGamma, 3.7000000000000002, 1.4280723266653881292, 1.1671535393615114409, 0.31003785767003830216),
    (LnGamma, 10.300000000000001, 13.482036786138358593, 2.2828154464391226655, 0.10195259617099190263),
    (LnGamma, -0.5, 1.2655121234846453965, 0.036489973978576520559, 8.9348022005446793094),
    (LnGamma, -2.5, -0.056243716497674050673, 1.1031566406452431872, 9.5392466449891237539),
    (LnGamma, 100.5, 361.43554046777762156, 4.6051743525818452119, 0.0099999166695831027116),
    (Digamma, 0.001, -1000.5755719318102797, 1000001.6425331958273, -2000000002.3976321648),
    (Digamma, 0.29999999999999999, -3.5025242222001331249, 12.245364546107731301, -75.272536588726038917),
    (Digamma, 2.5, 0.70315664064524318723, 0.49035775610023486497, -0.236204051641727403),
    (Digamma, 7.0, 1.8727843350984671394, 0.15354517795933754758, -0.023530472985855237466),
    (Digamma, 25.0, 3.1987425128519740085, 0.040810663257225579187, -0.0016652793184224681654),
    (Digamma, 300.5, 5.7037829376182638219, 0.0033333302469255828849, -0.000011111080247113623511),
    (Digamma, -0.69999999999999996, -2.0739527936287037831, 14.286180872638339627, -69.441632798638532998),
    (Digamma, -3.2999999999999998, 3.6203534605921257857, 14.81773952551592878, 68.769445477485233697),
    (Digamma, -10.6, 1.3865174753531619459, 10.821536931965267488, -22.284396919770982307),
    (Trigamma, 0.001, 1000001.6425331958273, -2000000002.3976321648, 6000000000006.4686145),
    (Trigamma, 0.29999999999999999, 12.245364546107731301, -75.272536588726038917, 743.14176465504977709),
    (Trigamma, 1.46, 0.96911962150988789455, -0.88806304258183323801, 1.5574377156905408733),
    (Trigamma, 2.5, 0.49035775610023486497, -0.236204051641727403, 0.22390584881725205126),
    (Trigamma, 7.0, 0.15354517795933754758, -0.023530472985855237466, 0.0071981985631254453923),
    (Trigamma, 25.0, 0.040810663257225579187, -0.0016652793184224681654, 0.00013588463650827370403),
    (Trigamma, -0.69999999999999996, 14.286180872638339627, -69.441632798638532998, 768.13135232685265003),
    (Trigamma, -3.2999999999999998, 14.81773952551592878, 68.769445477485233697, 768.98565825542854548),
    (Polygamma2, 0.29999999999999999, -75.272536588726038917, 743.14176465504977709, -9883.4685554969896751),
    (Polygamma2, 2.5, -0.236204051641727403, 0.22390584881725205126, -0.31375599950673136338),
    (Polygamma2, 7.0, -0.023530472985855237466, 0.0071981985631254453923, -0.0032967715890263801009),
    (Polygamma2, 25.0, -0.0016652793184224681654, 0.00013588463650827370403, -0.000016629714250078932177),
    (Polygamma2, -0.69999999999999996, -69.441632798638532998, 768.13135232685265003, -9740.6709116581038322),
    (Polygamma2, -3.2999999999999998, 68.769445477485233697, 768.98565825542854548, 9738.7330621320227244),
    (Polygamma3, 0.29999999999999999, 743.14176465504977709, -9883.4685554969896751, 164634.84609922303643),
    (Polygamma3, 2.5, 0.22390584881725205126, -0.31375599950673136338, 0.57856917856718348455),
    (Polygamma3, 7.0, 0.0071981985631254453923, -0.0032967715890263801009, 0.0020094931750490291166),
    (Polygamma3, -0.69999999999999996, 768.13135232685265003, -9740.6709116581038322, 165654.82926950054448),
    (Polygamma3, -3.2999999999999998, 768.98565825542854548, 9738.7330621320227244, 165660.14652917208661),
    (J0, -4.2000000000000002, -0.37655705436756763889, -0.13864694212604622834, 0.34354587767088996687),
    (J0, 0.5, 0.93846980724081290423, -0.24226845767487388638, -0.45393289189106513146),
    (J0, 1.0, 0.76519768655796655145, -0.44005058574493351596, -0.32514710081303303549),
    (J0, 2.5, -0.048383776468197996327, -0.49709410246427403801, 0.24722141745390761153),
    (J0, 7.0, 0.30007927051955559665, 0.0046828234823458326991, -0.30074824530274785846),
    (J0, 20.0, 0.16702466434058315473, -0.066833124175850045579, -0.16368300813179065245),
    (J1, -4.2000000000000002, 0.13864694212604622834, -0.34354587767088996687, -0.21258377569133486684),
    (J1, 0.0, 0.0, 0.5, 0.0),
    (J1, 0.5, 0.24226845767487388638, 0.45393289189106513146, -0.18106041075750860377),
    (J1, 1.0, 0.44005058574493351596, 0.32514710081303303549, -0.32514710081303303549),
    (J1, 2.5, 0.49709410246427403801, -0.24722141745390761153, -0.31867047908842714732),
    (J1, 7.0, -0.0046828234823458326991, 0.30074824530274785846, -0.038376779387074184484),
    (J1, 20.0, 0.066833124175850045579, 0.16368300813179065245, -0.074850191771999953087),
    (J2, -4.2000000000000002, 0.31053470097421229485, 0.28652060925662350534, -0.17189947632712228658),
    (J2, 0.5, 0.030604023458682641307, 0.11985236384014332115, 0.2193556241999529773),
    (J2, 1.0, 0.11490348493190048047, 0.21024361588113255502, 0.13446683891456888639),
    (J2, 2.5, 0.44605905843961722674, 0.14024685571258025662, -0.21668000332329430427),
    (J2, 7.0, -0.30141722008594012028, 0.081436382256494201666, 0.26517796383820093879),
    (J2, 20.0, -0.16034135192299815017, 0.082867259368149860596, 0.15459457543536067564),
    (J5, 0.5, 8.053627241357474086e-6, 0.00008020020395071285598, 0.00063690868899296422255),
    (J5, 2.5, 0.019501625134503219886, 0.034778629785248792931, 0.044593423489410142487),
    (J5, 7.0, 0.34789632475118328514, -0.090699230160905857131, -0.15744116699800118048),
    (J5, 20.0, 0.15116976798239497461, 0.092878491559264503834, -0.14636558206145851389),
    (Y0, 0.10000000000000001, -1.5342386513503668083, 6.4589510947020266377, -63.055272295669895983),
    (Y0, 0.5, -0.44451873350670655715, 1.4714723926702430692, -2.4984260518337795812),
    (Y0, 1.0, 0.088256964215676957983, 0.78121282130028871655, -0.86946978551596567453),
    (Y0, 2.5, 0.49807035961523188783, -0.14591813796678579888, -0.43970310442851756828),
    (Y0, 7.0, -0.025949743967209264884, 0.30266723702418487006, -0.017288432750531430839),
    (Y0, 20.0, 0.062640596809383831162, 0.16551161436252129586, -0.070916177527509895955),
    (Y1, 0.10000000000000001, -6.4589510947020266377, 63.055272295669895983, -1269.9888813321994902),
    (Y1, 0.5, -1.4714723926702430692, 2.4984260518337795812, -9.41126928167828837),
    (Y1, 1.0, -0.78121282130028871655, 0.86946978551596567453, -0.86946978551596567453),
    (Y1, 2.5, 0.14591813796678579888, 0.43970310442851756828, -0.29845247766350709837),
    (Y1, 7.0, -0.30266723702418487006, 0.017288432750531430839, 0.29402057852871742341),
    (Y1, 20.0, -0.16551161436252129586, 0.070916177527509895955, 0.16155202645023949783),
    (Y2, 0.5, -5.4413708371742657196, 20.294010956026819809, -122.20858446966762541),
    (Y2, 1.0, -1.6506826068162543911, 2.5201523923322200656, -7.4722002127809832388),
    (Y2, 2.5, -0.38133584924180324872, 0.45098681736022839786, -0.043113821217042189603),
    (Y2, 7.0, -0.060526609468272126562, -0.28537392003324997676, 0.096353364618469296583),
    (Y2, 20.0, -0.079191758245635960748, -0.15759243853795769979, 0.08627946259007748613),
    (Y5, 1.0, -260.40586662581222072, 1268.7509101000889849, -7518.4917091195822821),
    (Y5, 2.5, -3.830176000740751863, 6.2271546585144965822, -13.981389865628054222),
    (Y5, 7.0, 0.063702235248590285796, 0.24480838689840627967, -0.066173721515408384016),
    (Y5, 20.0, -0.10003576788953242697, 0.1491026790320372986, 0.086328398444834785354),
    (SphJ0, -1.3, 0.74119860416707149513, 0.36438444272498778057, -0.18060715382093646725),
    (SphJ0, 0.001, 0.99999983333334166667, -0.00033333330000000119742, -0.33333323333333928571),
    (SphJ0, 0.5, 0.95885107720840600055, -0.16253703063606656886, -0.3087029546641397251),
    (SphJ0, 1.0, 0.84147098480789650665, -0.30116867893975678925, -0.23913362692838292815),
    (SphJ0, 2.5, 0.23938885764158259762, -0.41621298927540652498, 0.093581533778742622365),
    (SphJ0, 7.0, 0.093855228388398441485, 0.094292432279272313808, -0.12079592332533338829),
    (SphJ0, 20.0, 0.045647262536381382719, 0.018121739963850530167, -0.047459436532766435736),
    (SphJ1, -1.3, -0.36438444272498778057, 0.18060715382093646725, 0.21101740987555540629),
    (SphJ1, 0.001, 0.00033333330000000119742, 0.33333323333333928571, -0.00019999997619047712057),
    (SphJ1, 0.5, 0.16253703063606656886, 0.3087029546641397251, -0.097052604204092918393),
    (SphJ1, 1.0, 0.30116867893975678925, 0.23913362692838292815, -0.17709857491700906705),
    (SphJ1, 2.5, 0.41621298927540652498, -0.093581533778742622365, -0.2081596056842823391),
    (SphJ1, 7.0, -0.094292432279272313808, 0.12079592332533338829, 0.05593064062390063904),
    (SphJ1, 20.0, -0.018121739963850530167, 0.047459436532766435736, 0.013285187610754633943),
    (SphJ2, -1.3, 0.099688571352131046688, -0.13433389345083921915, 0.047567822222191013319),
    (SphJ2, 0.001, 6.6666661904762039813e-8, 0.00013333331428571508214, 0.13333327619048015873),
    (SphJ2, 0.5, 0.016371106607993412617, 0.064310390988106093159, 0.11929388803142411755),
    (SphJ2, 1.0, 0.062035052011373861102, 0.11506352290563520594, 0.080048214245598893621),
    (SphJ2, 2.5, 0.26006672948890523236, 0.10413291388872024615, -0.093709000290532406217),
    (SphJ2, 7.0, -0.13426627079380086169, -0.036749744796214801656, 0.12832543002613151583),
    (SphJ2, 20.0, -0.048365523530958962244, -0.010866911434206685831, 0.048726731821415246393),
];

/// The relative tolerance of each function's value, and an absolute floor for values near a
/// zero of the function (Bessel functions oscillate; ψ has a zero at 1.4616...): the
/// accuracy this crate states for it (docs/conventions.md).
fn tolerance(f: F) -> (f64, f64) {
    match f {
        Erf | Erfc => (4e-16, 0.0),
        Gamma | LnGamma => (2e-15, 1e-16),
        Digamma | Trigamma | Polygamma2 | Polygamma3 => (5e-15, 1e-16),
        J0 | J1 | J2 | J5 | Y0 | Y1 | Y2 | Y5 => (1e-14, 1e-16),
        SphJ0 | SphJ1 | SphJ2 => (1e-14, 1e-17),
    }
}

/// One tangent level more loses about the value's accuracy again (the slope is built from
/// the same special functions, plus a few roundings).
fn derivative_tolerance(f: F) -> (f64, f64) {
    let (rel, abs) = tolerance(f);
    (4.0 * rel, 4.0 * abs.max(1e-16))
}

/// The nested dual with value `x` and both tangents 1: its `eps[0].eps[0]` is `f''(x)`.
fn nested(x: f64) -> Dual<Dual<f64, 1>, 1> {
    Dual::new(Dual::new(x, [1.0]), [Dual::new(1.0, [0.0])])
}

#[test]
fn values_and_derivatives_match_mpmath() {
    let mut bad = Vec::new();
    let mut worst = [0.0_f64; 3];
    for &(f, x, v, d1, d2) in REFERENCE {
        let (rel, abs) = tolerance(f);
        let (drel, dabs) = derivative_tolerance(f);
        let got_v = eval(f, x);
        let got_d1 = eval(f, Dual::<f64, 1>::variable(x, 0)).eps[0];
        let got_d2 = eval(f, nested(x)).eps[0].eps[0];
        for (k, (got, want, r, a)) in [
            (got_v, v, rel, abs),
            (got_d1, d1, drel, dabs),
            (got_d2, d2, 4.0 * drel, 4.0 * dabs),
        ]
        .into_iter()
        .enumerate()
        {
            let scale = want.abs().max(a / r);
            worst[k] = worst[k].max((got - want).abs() / scale);
            if !close(got, want, r, a) {
                bad.push(format!(
                    "{f:?}({x}) order {k}: got {got:e}, mpmath {want:e}"
                ));
            }
        }
    }
    println!("largest relative errors (value, f', f''): {worst:?}");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn every_function_has_reference_rows() {
    for f in ALL {
        let rows = REFERENCE.iter().filter(|r| r.0 == f).count();
        assert!(rows >= 4, "{f:?} has only {rows} reference rows");
    }
}

/// The dual's tangent against Richardson differences of the `f64` function, on a grid
/// away from poles and the edge of each domain.
#[test]
fn first_derivatives_match_richardson_differences() {
    let mut bad = Vec::new();
    for f in ALL {
        let xs: &[f64] = match f {
            Y0 | Y1 | Y2 | Y5 => &[0.7, 1.9, 3.3, 8.8, 15.0],
            Gamma | LnGamma | Digamma | Trigamma | Polygamma2 | Polygamma3 => {
                &[0.4, 1.9, 3.3, 8.8, -0.4, -2.5]
            }
            _ => &[-3.1, -0.4, 0.2, 1.9, 3.3, 8.8, 15.0],
        };
        for &x in xs {
            // a smaller step for the gamma family, whose poles make high derivatives large
            let step = if matches!(
                f,
                Gamma | LnGamma | Digamma | Trigamma | Polygamma2 | Polygamma3
            ) {
                1e-4
            } else {
                1e-3
            };
            let want = richardson(|t| eval(f, t), x, step * x.abs().max(0.1));
            let got = eval(f, Dual::<f64, 1>::variable(x, 0)).eps[0];
            if !close(got, want, 1e-8, 1e-9) {
                bad.push(format!("{f:?}'({x}): dual {got:e}, differences {want:e}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Second derivatives of nested duals against formulas written by hand from the
/// functions' differential equations, evaluated with the `f64` functions.
#[test]
fn second_derivatives_match_hand_formulas() {
    let two_over_sqrt_pi = std::f64::consts::FRAC_2_SQRT_PI;
    for x in [-2.2, -0.6, 0.3, 1.1, 2.7, 6.4] {
        let second = |f: F| eval(f, nested(x)).eps[0].eps[0];
        let e = two_over_sqrt_pi * (-x * x).exp();
        // erf'' = -2x erf', erfc'' = 2x · 2/√π e^(-x²)
        assert!(close(second(Erf), -2.0 * x * e, 1e-14, 1e-16));
        assert!(close(second(Erfc), 2.0 * x * e, 1e-14, 1e-16));
        // Bessel's equation: x² y'' + x y' + (x² - n²) y = 0, with J₀' = -J₁ and
        // Jₙ' = (Jₙ₋₁ - Jₙ₊₁)/2
        let j = |n: i32| x.bessel_jn(n);
        let j0pp = -j(0) + j(1) / x;
        assert!(close(second(J0), j0pp, 1e-13, 1e-15), "J0''({x})");
        let j2p = (j(1) - j(3)) / 2.0;
        let j2pp = -(x * j2p + (x * x - 4.0) * j(2)) / (x * x);
        assert!(close(second(J2), j2pp, 1e-12, 1e-14), "J2''({x})");
        // the spherical Bessel equation x² y'' + 2x y' + (x² - n(n+1)) y = 0
        let s = |n: u32| x.spherical_jn(n);
        let s1p = (s(0) - 2.0 * s(2)) / 3.0;
        let s1pp = -(2.0 * x * s1p + (x * x - 2.0) * s(1)) / (x * x);
        assert!(close(second(SphJ1), s1pp, 1e-12, 1e-14), "j1''({x})");
        if x > 0.0 {
            let y = |n: i32| x.bessel_yn(n);
            let y1p = (y(0) - y(2)) / 2.0;
            let y1pp = -(x * y1p + (x * x - 1.0) * y(1)) / (x * x);
            assert!(close(second(Y1), y1pp, 1e-12, 1e-14), "Y1''({x})");
            // Γ'' = Γ (ψ² + ψ₁), (ln Γ)'' = ψ₁
            let (g, psi, psi1) = (Special::gamma(x), x.digamma(), x.trigamma());
            assert!(
                close(second(Gamma), g * (psi * psi + psi1), 1e-13, 1e-15),
                "Γ''({x})"
            );
            assert!(close(second(LnGamma), psi1, 1e-14, 1e-16));
            assert!(close(second(Digamma), x.polygamma(2), 1e-14, 1e-16));
        }
    }
}

/// Every call path gives the same numbers: `f64`, the value and inner tangent of a nested
/// dual, `derivative`, a width-2 `gradient` of `f(x) + f(y)`, and `f32` (to `f32`
/// accuracy).
#[test]
fn every_call_path_agrees() {
    for &(f, x, _, _, _) in REFERENCE {
        let v = eval(f, x);
        let d = eval(f, Dual::<f64, 1>::variable(x, 0));
        let n = eval(f, nested(x));
        assert!(
            v.to_bits() == d.re.to_bits() || (v.is_nan() && d.re.is_nan()),
            "{f:?}({x})"
        );
        assert_eq!(n.re.re.to_bits(), v.to_bits(), "{f:?}({x}) nested value");
        assert_eq!(
            n.re.eps[0].to_bits(),
            d.eps[0].to_bits(),
            "{f:?}({x}) inner tangent"
        );
        assert_eq!(
            n.eps[0].re.to_bits(),
            d.eps[0].to_bits(),
            "{f:?}({x}) outer tangent"
        );
        let (hv, hd) = derivative(|t| eval(f, t), x);
        assert_eq!(
            (hv.to_bits(), hd.to_bits()),
            (v.to_bits(), d.eps[0].to_bits())
        );
        let (_, g) = gradient(|p| eval(f, p[0]) + eval(f, p[1]), &Vector2::new(x, 0.5));
        assert_eq!(g[0].to_bits(), d.eps[0].to_bits(), "{f:?}({x}) gradient");
        let v32 = eval(f, x as f32);
        if v.abs() < 1e30 && v.abs() > 1e-30 {
            assert!(
                close(f64::from(v32), v, 2e-5, 1e-6),
                "{f:?}({x}) f32: {v32} vs {v}"
            );
        }
        let d32 = eval(f, Dual::<f32, 1>::variable(x as f32, 0)).eps[0];
        if d.eps[0].is_finite() && d.eps[0].abs() < 1e30 {
            assert!(
                close(f64::from(d32), d.eps[0], 1e-4, 1e-5),
                "{f:?}'({x}) f32: {d32}"
            );
        }
    }
}

#[test]
fn domain_edges() {
    let inf = f64::INFINITY;
    let d = |x: f64| Dual::<f64, 1>::variable(x, 0);
    // erf and erfc at ±∞: values ±1, 0, 2 and slope 0
    assert_eq!(
        (Special::erf(d(inf)).re, Special::erf(d(inf)).eps[0]),
        (1.0, 0.0)
    );
    assert_eq!(
        (Special::erf(d(-inf)).re, Special::erf(d(-inf)).eps[0]),
        (-1.0, 0.0)
    );
    assert_eq!(
        (Special::erfc(d(inf)).re, Special::erfc(d(-inf)).re),
        (0.0, 2.0)
    );
    // gamma: ±∞ at ±0, NaN at negative integers and -∞, +∞ at +∞
    assert_eq!(Special::gamma(0.0_f64), inf);
    assert_eq!(Special::gamma(-0.0_f64), -inf);
    assert!(Special::gamma(-1.0_f64).is_nan() && Special::gamma(-3.0_f64).is_nan());
    assert!(Special::gamma(-inf).is_nan());
    assert_eq!(Special::gamma(inf), inf);
    assert_eq!(Special::gamma(171.7_f64), inf);
    // ln_gamma: ln|Γ|, +∞ at the poles, finite and signless between them
    assert_eq!(
        (Special::ln_gamma(0.0_f64), Special::ln_gamma(-2.0_f64)),
        (inf, inf)
    );
    assert!(close(
        Special::ln_gamma(-0.5_f64),
        (2.0 * std::f64::consts::PI.sqrt()).ln(),
        1e-15,
        0.0
    ));
    // polygamma at the poles: NaN for even orders, +∞ for odd; at +∞: +∞ then 0
    for x in [0.0_f64, -0.0, -1.0, -7.0] {
        assert!(x.digamma().is_nan() && x.polygamma(2).is_nan());
        assert_eq!((x.trigamma(), x.polygamma(3)), (inf, inf));
    }
    assert_eq!((inf.digamma(), inf.trigamma()), (inf, 0.0));
    assert!((-inf).digamma().is_nan());
    // Bessel Y: -∞ at 0, slope +∞; NaN below 0; zero tangent stays zero at 0
    let y0 = d(0.0).bessel_y0();
    assert_eq!((y0.re, y0.eps[0]), (-inf, inf));
    assert!((-1.0_f64).bessel_y0().is_nan() && (-1.0_f64).bessel_yn(3).is_nan());
    assert_eq!(Dual::<f64, 1>::constant(0.0).bessel_y1().eps[0], 0.0);
    // J and j at 0 and ±∞
    assert_eq!(
        (0.0_f64.bessel_j0(), 0.0_f64.bessel_j1(), inf.bessel_j0()),
        (1.0, 0.0, 0.0)
    );
    assert_eq!(d(0.0).bessel_j1().eps[0], 0.5);
    assert_eq!(
        (
            0.0_f64.spherical_j0(),
            0.0_f64.spherical_j1(),
            0.0_f64.spherical_j2()
        ),
        (1.0, 0.0, 0.0)
    );
    assert_eq!(d(0.0).spherical_j1().eps[0], 1.0 / 3.0);
    assert_eq!(d(0.0).spherical_j0().eps[0], 0.0);
    assert_eq!((inf.spherical_j1(), (-inf).spherical_j2()), (0.0, 0.0));
    // high orders: Jₙ(2) underflows to 0; ψ⁽ⁿ⁾ above order 170 (where n! overflows) is NaN
    assert_eq!(2.0_f64.bessel_jn(400), 0.0);
    assert_eq!(d(2.0).bessel_jn(-400).eps[0], 0.0);
    assert!(2.0_f64.polygamma(171).is_nan() && d(2.0).polygamma(170).eps[0].is_nan());
    assert!(2.0_f64.polygamma(u32::MAX).is_nan());
}

#[test]
fn nothing_panics_on_special_inputs() {
    let points = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        -1.0,
        1e-310,
        -1e300,
        1e300,
        5e-324,
    ];
    let mut checked = 0;
    for &x in &points {
        for f in ALL {
            let v = eval(f, x);
            let n = eval(f, nested(x));
            // NaN in, NaN out; otherwise the value is the f64 value at every level
            if x.is_nan() {
                assert!(v.is_nan() && n.re.re.is_nan(), "{f:?}(NaN)");
            } else {
                assert!(n.re.re.to_bits() == v.to_bits() || (v.is_nan() && n.re.re.is_nan()));
            }
            let _ = eval(f, x as f32);
            checked += 1;
        }
        let a = Dual::<f64, 1>::variable(x, 0);
        let _ = a.lerp(a, Dual::constant(1.0));
        let _ = a.midpoint(Dual::constant(x));
        let h = a.hypot3(Dual::constant(x), Dual::constant(1.0));
        if x.is_infinite() {
            assert_eq!(h.re, f64::INFINITY);
        }
    }
    assert_eq!(checked, points.len() * ALL.len());
}

#[test]
fn lerp_midpoint_hypot3() {
    let [t, a, b] = Dual::<f64, 3>::variables([0.3, -2.0, 5.0]);
    let y = t.lerp(a, b);
    assert!(close(y.re, 0.7 * -2.0 + 0.3 * 5.0, 1e-15, 0.0));
    // ∂/∂t = b - a, ∂/∂a = 1 - t, ∂/∂b = t
    assert_eq!(y.eps, [7.0, 0.7, 0.3]);
    // exact at both ends
    for (tv, want) in [(0.0, 0.1), (1.0, 0.7)] {
        let y = Dual::<f64, 1>::variable(tv, 0).lerp(Dual::constant(0.1), Dual::constant(0.7));
        assert_eq!(y.re, want);
    }
    let [p, q] = Dual::<f64, 2>::variables([3.0, -1e308]);
    let m = p.midpoint(q);
    assert_eq!((m.re, m.eps), (-5e307 + 1.5, [0.5, 0.5]));
    let [u, v] = Dual::<f64, 2>::variables([f64::MAX, f64::MAX]);
    assert_eq!(u.midpoint(v).re, f64::MAX);
    assert_eq!(
        Dual::<f64, 2>::variables([-f64::MAX, -f64::MAX])[0]
            .midpoint(Dual::constant(-f64::MAX))
            .re,
        -f64::MAX
    );
    // hypot3: the 1-4-8 triangle (norm 9), no overflow at 1e300, no underflow at 1e-310
    let [x, y, z] = Dual::<f64, 3>::variables([1.0, 4.0, 8.0]);
    let h = x.hypot3(y, z);
    assert_eq!(h.re, 9.0);
    assert_eq!(h.eps, [1.0 / 9.0, 4.0 / 9.0, 8.0 / 9.0]);
    let [x, y, z] = Dual::<f64, 3>::variables([1e300, 4e300, 8e300]);
    let h = x.hypot3(y, z);
    assert!(close(h.re, 9e300, 1e-15, 0.0) && close(h.eps[2], 8.0 / 9.0, 1e-15, 0.0));
    let [x, y, z] = Dual::<f64, 3>::variables([3e-310, 0.0, 4e-310]);
    let h = x.hypot3(y, z);
    assert!(close(h.eps[0], 0.6, 1e-12, 0.0) && close(h.eps[2], 0.8, 1e-12, 0.0));
    // the kink at the origin: tangent 0; second derivatives by nesting: ∂²h/∂x² = (y² + z²)/h³
    let o = Dual::<f64, 3>::variables([0.0; 3]);
    assert_eq!(o[0].hypot3(o[1], o[2]).eps, [0.0; 3]);
    let (xv, yv, zv) = (1.0, 2.0, 2.0);
    let n = nested(xv).hypot3(
        Dual::constant(Dual::constant(yv)),
        Dual::constant(Dual::constant(zv)),
    );
    assert!(close(
        n.eps[0].eps[0],
        (yv * yv + zv * zv) / 27.0,
        1e-15,
        0.0
    ));
}
