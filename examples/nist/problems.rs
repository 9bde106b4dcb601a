//! The NIST StRD nonlinear regression problems: a parser for the `.dat` files, the models
//! (each written once, generic over the number type, so the same code runs on `f64` and on
//! dual numbers), and the log relative error used to score a fit.
//!
//! Shared by `examples/nist/main.rs` and `tests/nist.rs` (included with `#[path]`).

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use dualnum::Real;

/// NIST's level of difficulty, as stated in each file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difficulty {
    /// "Lower Level of Difficulty".
    Lower,
    /// "Average Level of Difficulty".
    Average,
    /// "Higher Level of Difficulty".
    Higher,
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Difficulty::Lower => "lower",
            Difficulty::Average => "average",
            Difficulty::Higher => "higher",
        })
    }
}

/// A certified value and the number of significant digits it is given to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Certified {
    /// The value.
    pub value: f64,
    /// Significant digits in the file (11 for every StRD nonlinear value).
    pub digits: u32,
}

/// One StRD problem, as read from its `.dat` file.
#[derive(Clone, Debug)]
pub struct Problem {
    /// The dataset name (e.g. `Misra1a`).
    pub name: String,
    /// The level of difficulty.
    pub difficulty: Difficulty,
    /// The model as the file states it (its lines joined, runs of spaces made one), e.g.
    /// `y = b1*(1-exp[-b2*x]) + e`.
    pub model_text: String,
    /// The model that computes it.
    pub model: Model,
    /// The two starting points, `starts[0]` = "Start 1".
    pub starts: [Vec<f64>; 2],
    /// The certified parameter values.
    pub certified: Vec<Certified>,
    /// The certified residual sum of squares.
    pub certified_rss: Certified,
    /// The responses (for `Nelson`, already `ln y`: its model is stated for `log[y]`).
    pub y: Vec<f64>,
    /// The predictors, row by row: observation `i` is `x[i * predictors..(i + 1) * predictors]`.
    pub x: Vec<f64>,
    /// Predictors per observation (2 for `Nelson`, 1 otherwise).
    pub predictors: usize,
}

impl Problem {
    /// The number of parameters.
    pub fn n_params(&self) -> usize {
        self.certified.len()
    }

    /// The number of observations.
    pub fn n_obs(&self) -> usize {
        self.y.len()
    }

    /// The predictors of observation `i`.
    pub fn x_row(&self, i: usize) -> &[f64] {
        &self.x[i * self.predictors..(i + 1) * self.predictors]
    }

    /// Writes the residuals `r_i = y_i - f(b, x_i)` into `r` (one per observation), on any
    /// number type: `f64` for values, dual numbers for the Jacobian.
    pub fn residuals<T: Real>(&self, b: &[T], r: &mut [T]) {
        for (i, (ri, &yi)) in r.iter_mut().zip(&self.y).enumerate() {
            *ri = T::literal(yi) - self.model.eval(b, self.x_row(i));
        }
    }

    /// The residual sum of squares at `b`.
    pub fn rss(&self, b: &[f64]) -> f64 {
        let mut r = vec![0.0; self.n_obs()];
        self.residuals(b, &mut r);
        r.iter().map(|ri| ri * ri).sum()
    }
}

/// Why a problem could not be loaded: the file (and line, where there is one) and what is
/// wrong there.
#[derive(Debug)]
pub struct LoadError {
    /// The file or folder.
    pub path: PathBuf,
    /// The 1-based line, if the problem is on one line.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for LoadError {}

/// The NIST data folder of this repository: `tests/data/nist` under the crate root.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/nist")
}

/// Reads every `.dat` file in `dir`, sorted by the order of the StRD table (difficulty,
/// then NIST's listing order within it).
pub fn load_dir(dir: &Path) -> Result<Vec<Problem>, LoadError> {
    let folder_error = |message: String| LoadError {
        path: dir.to_path_buf(),
        line: None,
        message,
    };
    let entries = fs::read_dir(dir)
        .map_err(|e| folder_error(format!("cannot read the NIST data folder: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| folder_error(format!("cannot list the folder: {e}")))?
            .path();
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("dat"))
        {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(folder_error("no .dat files in this folder".into()));
    }
    let mut problems = files
        .iter()
        .map(|f| load_file(f))
        .collect::<Result<Vec<_>, _>>()?;
    problems.sort_by_key(|p| (p.difficulty, listing_order(&p.name)));
    Ok(problems)
}

/// Position of a dataset in NIST's table (unknown names last).
fn listing_order(name: &str) -> usize {
    const ORDER: [&str; 27] = [
        "Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1", "Gauss2", "DanWood", "Misra1b",
        "Kirby2", "Hahn1", "Nelson", "MGH17", "Lanczos1", "Lanczos2", "Gauss3", "Misra1c",
        "Misra1d", "Roszman1", "ENSO", "MGH09", "Thurber", "BoxBOD", "Rat42", "MGH10", "Eckerle4",
        "Rat43", "Bennett5",
    ];
    ORDER.iter().position(|n| *n == name).unwrap_or(ORDER.len())
}

/// Reads one `.dat` file.
pub fn load_file(path: &Path) -> Result<Problem, LoadError> {
    let text = fs::read_to_string(path).map_err(|e| LoadError {
        path: path.to_path_buf(),
        line: None,
        message: format!("cannot read: {e}"),
    })?;
    parse(path, &text)
}

/// Parses the text of a `.dat` file; `path` only names the file in errors.
pub fn parse(path: &Path, text: &str) -> Result<Problem, LoadError> {
    let err = |line: Option<usize>, message: String| LoadError {
        path: path.to_path_buf(),
        line,
        message,
    };
    // (1-based line number, line without its CR)
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .collect();
    let find = |what: &str| {
        lines
            .iter()
            .find(|(_, l)| l.contains(what))
            .copied()
            .ok_or_else(|| err(None, format!("no line containing {what:?}")))
    };
    let after_colon = |(n, l): (usize, &str)| -> Result<(usize, String), LoadError> {
        let rest = l.split_once(':').map(|(_, r)| r.trim()).unwrap_or("");
        if rest.is_empty() {
            return Err(err(Some(n), "nothing after the ':'".into()));
        }
        Ok((n, rest.to_string()))
    };

    let (n, name_field) = after_colon(find("Dataset Name:")?)?;
    let name = name_field
        .split_whitespace()
        .next()
        .ok_or_else(|| err(Some(n), "empty dataset name".into()))?
        .to_string();
    let model = Model::for_dataset(&name).ok_or_else(|| {
        err(
            Some(n),
            format!("unknown dataset {name:?}: no model for it"),
        )
    })?;

    let (n, l) = find("Level of Difficulty")?;
    let difficulty = match l.split_whitespace().next() {
        Some("Lower") => Difficulty::Lower,
        Some("Average") => Difficulty::Average,
        Some("Higher") => Difficulty::Higher,
        other => return Err(err(Some(n), format!("unknown difficulty {other:?}"))),
    };

    // "Model:   Exponential Class" then "2 Parameters (b1 and b2)", then the formula lines
    // up to the "Starting values" header.
    let (model_line, _) = find("Model:")?;
    let (n, l) = lines[model_line..]
        .iter()
        .find(|(_, l)| l.contains("Parameters"))
        .copied()
        .ok_or_else(|| err(Some(model_line), "no parameter count after 'Model:'".into()))?;
    let n_params: usize = l
        .split_whitespace()
        .next()
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| err(Some(n), "expected '<count> Parameters'".into()))?;
    if n_params != model.params() {
        return Err(err(
            Some(n),
            format!(
                "{n_params} parameters, but the model for {name} has {}",
                model.params()
            ),
        ));
    }
    // (the "File Format" block at the top also mentions "Starting Values": search after
    // the parameter count)
    let (start_header, _) = lines[n..]
        .iter()
        .find(|(_, l)| l.to_ascii_lowercase().contains("starting values"))
        .copied()
        .ok_or_else(|| {
            err(
                Some(n),
                "no 'Starting values' header after the model".into(),
            )
        })?;
    let model_text = lines[n..start_header - 1]
        .iter()
        .flat_map(|(_, l)| l.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ");

    // "  b1 =   500   250   2.3894212918E+02  2.7070075241E+00"
    let mut starts = [Vec::new(), Vec::new()];
    let mut certified = Vec::new();
    for &(n, l) in &lines[start_header..] {
        let Some((lhs, rhs)) = l.split_once('=') else {
            continue;
        };
        let lhs = lhs.trim();
        let Some(index) = lhs.strip_prefix('b').and_then(|i| i.parse::<usize>().ok()) else {
            continue;
        };
        if index != certified.len() + 1 {
            return Err(err(
                Some(n),
                format!("expected b{}, found {lhs}", certified.len() + 1),
            ));
        }
        let fields: Vec<&str> = rhs.split_whitespace().collect();
        if fields.len() != 4 {
            return Err(err(
                Some(n),
                format!(
                    "expected 4 numbers (start 1, start 2, certified value, standard deviation), found {}",
                    fields.len()
                ),
            ));
        }
        starts[0].push(number(fields[0]).map_err(|m| err(Some(n), m))?);
        starts[1].push(number(fields[1]).map_err(|m| err(Some(n), m))?);
        certified.push(certified_value(fields[2]).map_err(|m| err(Some(n), m))?);
        number(fields[3]).map_err(|m| err(Some(n), m))?;
    }
    if certified.len() != n_params {
        return Err(err(
            Some(start_header),
            format!(
                "{} parameter lines (b1 = ...), but the model states {n_params} parameters",
                certified.len()
            ),
        ));
    }

    let (n, rss_field) = after_colon(find("Residual Sum of Squares:")?)?;
    let certified_rss = certified_value(&rss_field).map_err(|m| err(Some(n), m))?;
    let (n, obs_field) = after_colon(find("Number of Observations:")?)?;
    let n_obs: usize = obs_field
        .parse()
        .map_err(|_| err(Some(n), format!("bad number of observations {obs_field:?}")))?;

    // The data header "Data:  y  x" (or "y  x1  x2"), after the certified values; the
    // description's "Data:  1 Response ..." line comes earlier and does not start with y.
    let (header, columns) = lines
        .iter()
        .find_map(|&(n, l)| {
            let rest = l.trim_start().strip_prefix("Data:")?;
            let names: Vec<&str> = rest.split_whitespace().collect();
            (names.first() == Some(&"y")).then_some((n, names.len()))
        })
        .ok_or_else(|| err(None, "no data header 'Data: y x'".into()))?;
    let predictors = columns - 1;
    if predictors != model.predictors() {
        return Err(err(
            Some(header),
            format!(
                "{predictors} predictor columns, but the model for {name} has {}",
                model.predictors()
            ),
        ));
    }
    let mut y = Vec::with_capacity(n_obs);
    let mut x = Vec::with_capacity(n_obs * predictors);
    for &(n, l) in &lines[header..] {
        let fields: Vec<&str> = l.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        if fields.len() != columns {
            return Err(err(
                Some(n),
                format!("expected {columns} numbers, found {}", fields.len()),
            ));
        }
        let mut row = fields
            .iter()
            .map(|f| number(f).map_err(|m| err(Some(n), m)));
        let response = row.next().unwrap_or(Ok(f64::NAN))?;
        y.push(if model.log_response() {
            response.ln()
        } else {
            response
        });
        for v in row {
            x.push(v?);
        }
    }
    if y.len() != n_obs {
        return Err(err(
            Some(header),
            format!("{} observations, but the file states {n_obs}", y.len()),
        ));
    }

    Ok(Problem {
        name,
        difficulty,
        model_text,
        model,
        starts,
        certified,
        certified_rss,
        y,
        x,
        predictors,
    })
}

/// A finite number, such as `500`, `.591E0` or `-2.5235058043E+03`.
fn number(field: &str) -> Result<f64, String> {
    match field.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("{field:?} is not a finite number")),
    }
}

/// A number and its count of significant digits (the mantissa's digits without leading
/// zeros: `2.3894212918E+02` has 11).
fn certified_value(field: &str) -> Result<Certified, String> {
    let value = number(field)?;
    let mantissa = field.split(['E', 'e']).next().unwrap_or("");
    let digits = mantissa
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|&c| c == '0')
        .count() as u32;
    Ok(Certified {
        value,
        digits: digits.max(1),
    })
}

/// The log relative error of `estimate` against a certified value: the number of
/// significant digits they share, `-log10(|estimate - c| / |c|)` (the absolute error if
/// `c = 0`), between 0 and the digits the value is certified to. NaN or infinite
/// estimates score 0.
pub fn lre(estimate: f64, certified: Certified) -> f64 {
    let cap = f64::from(certified.digits);
    let c = certified.value;
    let error = if c == 0.0 {
        (estimate - c).abs()
    } else {
        ((estimate - c) / c).abs()
    };
    if !error.is_finite() {
        return 0.0;
    }
    if error == 0.0 {
        return cap;
    }
    (-error.log10()).clamp(0.0, cap)
}

/// The smallest log relative error over all parameters.
pub fn min_lre(estimates: &[f64], certified: &[Certified]) -> f64 {
    estimates
        .iter()
        .zip(certified)
        .map(|(&e, &c)| lre(e, c))
        .fold(f64::INFINITY, f64::min)
}

/// The StRD models. Several problems share one: the dataset name picks it
/// ([`Model::for_dataset`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// Misra1a, BoxBOD: `b1 (1 - exp(-b2 x))`.
    Misra1a,
    /// Chwirut1, Chwirut2: `exp(-b1 x) / (b2 + b3 x)`.
    Chwirut,
    /// DanWood: `b1 x^b2`.
    DanWood,
    /// Misra1b: `b1 (1 - (1 + b2 x / 2)^-2)`.
    Misra1b,
    /// Kirby2: `(b1 + b2 x + b3 x²) / (1 + b4 x + b5 x²)`.
    Kirby2,
    /// Hahn1, Thurber: `(b1 + b2 x + b3 x² + b4 x³) / (1 + b5 x + b6 x² + b7 x³)`.
    CubicRational,
    /// Nelson: `ln y = b1 - b2 x1 exp(-b3 x2)`.
    Nelson,
    /// MGH17: `b1 + b2 exp(-x b4) + b3 exp(-x b5)`.
    Mgh17,
    /// Lanczos1, 2, 3: `b1 exp(-b2 x) + b3 exp(-b4 x) + b5 exp(-b6 x)`.
    Lanczos,
    /// Gauss1, 2, 3: `b1 exp(-b2 x) + b3 exp(-(x - b4)² / b5²) + b6 exp(-(x - b7)² / b8²)`.
    Gauss,
    /// Misra1c: `b1 (1 - (1 + 2 b2 x)^-0.5)`.
    Misra1c,
    /// Misra1d: `b1 b2 x (1 + b2 x)^-1`.
    Misra1d,
    /// Roszman1: `b1 - b2 x - arctan(b3 / (x - b4)) / π`.
    Roszman1,
    /// ENSO: a constant, the annual cycle and two cycles of fitted periods b4 and b7.
    Enso,
    /// MGH09: `b1 (x² + x b2) / (x² + x b3 + b4)`.
    Mgh09,
    /// Rat42: `b1 / (1 + exp(b2 - b3 x))`.
    Rat42,
    /// MGH10: `b1 exp(b2 / (x + b3))`.
    Mgh10,
    /// Eckerle4: `(b1 / b2) exp(-0.5 ((x - b3) / b2)²)`.
    Eckerle4,
    /// Rat43: `b1 / (1 + exp(b2 - b3 x))^(1 / b4)`.
    Rat43,
    /// Bennett5: `b1 (b2 + x)^(-1 / b3)`.
    Bennett5,
}

impl Model {
    /// The model of a StRD dataset, by its name.
    pub fn for_dataset(name: &str) -> Option<Model> {
        Some(match name {
            "Misra1a" | "BoxBOD" => Model::Misra1a,
            "Chwirut1" | "Chwirut2" => Model::Chwirut,
            "DanWood" => Model::DanWood,
            "Misra1b" => Model::Misra1b,
            "Kirby2" => Model::Kirby2,
            "Hahn1" | "Thurber" => Model::CubicRational,
            "Nelson" => Model::Nelson,
            "MGH17" => Model::Mgh17,
            "Lanczos1" | "Lanczos2" | "Lanczos3" => Model::Lanczos,
            "Gauss1" | "Gauss2" | "Gauss3" => Model::Gauss,
            "Misra1c" => Model::Misra1c,
            "Misra1d" => Model::Misra1d,
            "Roszman1" => Model::Roszman1,
            "ENSO" => Model::Enso,
            "MGH09" => Model::Mgh09,
            "Rat42" => Model::Rat42,
            "MGH10" => Model::Mgh10,
            "Eckerle4" => Model::Eckerle4,
            "Rat43" => Model::Rat43,
            "Bennett5" => Model::Bennett5,
            _ => return None,
        })
    }

    /// The number of parameters `b1, b2, ...`.
    pub fn params(self) -> usize {
        match self {
            Model::Misra1a | Model::DanWood | Model::Misra1b | Model::Misra1c | Model::Misra1d => 2,
            Model::Chwirut
            | Model::Nelson
            | Model::Rat42
            | Model::Mgh10
            | Model::Eckerle4
            | Model::Bennett5 => 3,
            Model::Roszman1 | Model::Mgh09 | Model::Rat43 => 4,
            Model::Kirby2 | Model::Mgh17 => 5,
            Model::Lanczos => 6,
            Model::CubicRational => 7,
            Model::Gauss => 8,
            Model::Enso => 9,
        }
    }

    /// The number of predictors per observation.
    pub fn predictors(self) -> usize {
        if self == Model::Nelson { 2 } else { 1 }
    }

    /// Whether the model is stated for `ln y` rather than `y` (Nelson).
    pub fn log_response(self) -> bool {
        self == Model::Nelson
    }

    /// The model's prediction `f(b, x)` for the parameters `b` (at least
    /// [`Model::params`] of them) and one observation's predictors `x`.
    pub fn eval<T: Real>(self, b: &[T], x: &[f64]) -> T {
        let x0 = T::literal(x[0]);
        match self {
            Model::Misra1a => misra1a(b, x0),
            Model::Chwirut => chwirut(b, x0),
            Model::DanWood => danwood(b, x0),
            Model::Misra1b => misra1b(b, x0),
            Model::Kirby2 => kirby2(b, x0),
            Model::CubicRational => cubic_rational(b, x0),
            Model::Nelson => nelson(b, x0, T::literal(x[1])),
            Model::Mgh17 => mgh17(b, x0),
            Model::Lanczos => lanczos(b, x0),
            Model::Gauss => gauss(b, x0),
            Model::Misra1c => misra1c(b, x0),
            Model::Misra1d => misra1d(b, x0),
            Model::Roszman1 => roszman1(b, x0),
            Model::Enso => enso(b, x0),
            Model::Mgh09 => mgh09(b, x0),
            Model::Rat42 => rat42(b, x0),
            Model::Mgh10 => mgh10(b, x0),
            Model::Eckerle4 => eckerle4(b, x0),
            Model::Rat43 => rat43(b, x0),
            Model::Bennett5 => bennett5(b, x0),
        }
    }
}

// The models, written as NIST states them (b[0] is b1). `T` is f64 for values and a dual
// number for derivatives: the same code gives both.

fn misra1a<T: Real>(b: &[T], x: T) -> T {
    b[0] * (T::one() - (-b[1] * x).exp())
}

fn chwirut<T: Real>(b: &[T], x: T) -> T {
    (-b[0] * x).exp() / (b[1] + b[2] * x)
}

fn danwood<T: Real>(b: &[T], x: T) -> T {
    b[0] * x.powf(b[1])
}

fn misra1b<T: Real>(b: &[T], x: T) -> T {
    b[0] * (T::one() - (T::one() + b[1] * x / T::literal(2.0)).powi(-2))
}

fn kirby2<T: Real>(b: &[T], x: T) -> T {
    (b[0] + b[1] * x + b[2] * x.powi(2)) / (T::one() + b[3] * x + b[4] * x.powi(2))
}

fn cubic_rational<T: Real>(b: &[T], x: T) -> T {
    (b[0] + b[1] * x + b[2] * x.powi(2) + b[3] * x.powi(3))
        / (T::one() + b[4] * x + b[5] * x.powi(2) + b[6] * x.powi(3))
}

fn nelson<T: Real>(b: &[T], x1: T, x2: T) -> T {
    b[0] - b[1] * x1 * (-b[2] * x2).exp()
}

fn mgh17<T: Real>(b: &[T], x: T) -> T {
    b[0] + b[1] * (-x * b[3]).exp() + b[2] * (-x * b[4]).exp()
}

fn lanczos<T: Real>(b: &[T], x: T) -> T {
    b[0] * (-b[1] * x).exp() + b[2] * (-b[3] * x).exp() + b[4] * (-b[5] * x).exp()
}

fn gauss<T: Real>(b: &[T], x: T) -> T {
    b[0] * (-b[1] * x).exp()
        + b[2] * (-(x - b[3]).powi(2) / b[4].powi(2)).exp()
        + b[5] * (-(x - b[6]).powi(2) / b[7].powi(2)).exp()
}

fn misra1c<T: Real>(b: &[T], x: T) -> T {
    b[0] * (T::one() - (T::one() + T::literal(2.0) * b[1] * x).powf(T::literal(-0.5)))
}

fn misra1d<T: Real>(b: &[T], x: T) -> T {
    b[0] * b[1] * x * (T::one() + b[1] * x).powi(-1)
}

fn roszman1<T: Real>(b: &[T], x: T) -> T {
    b[0] - b[1] * x - (b[2] / (x - b[3])).atan() / T::PI()
}

fn enso<T: Real>(b: &[T], x: T) -> T {
    let two_pi_x = T::literal(2.0) * T::PI() * x;
    let annual = two_pi_x / T::literal(12.0);
    b[0] + b[1] * annual.cos()
        + b[2] * annual.sin()
        + b[4] * (two_pi_x / b[3]).cos()
        + b[5] * (two_pi_x / b[3]).sin()
        + b[7] * (two_pi_x / b[6]).cos()
        + b[8] * (two_pi_x / b[6]).sin()
}

fn mgh09<T: Real>(b: &[T], x: T) -> T {
    b[0] * (x.powi(2) + x * b[1]) / (x.powi(2) + x * b[2] + b[3])
}

fn rat42<T: Real>(b: &[T], x: T) -> T {
    b[0] / (T::one() + (b[1] - b[2] * x).exp())
}

fn mgh10<T: Real>(b: &[T], x: T) -> T {
    b[0] * (b[1] / (x + b[2])).exp()
}

fn eckerle4<T: Real>(b: &[T], x: T) -> T {
    (b[0] / b[1]) * (T::literal(-0.5) * ((x - b[2]) / b[1]).powi(2)).exp()
}

fn rat43<T: Real>(b: &[T], x: T) -> T {
    b[0] / (T::one() + (b[1] - b[2] * x).exp()).powf(b[3].recip())
}

fn bennett5<T: Real>(b: &[T], x: T) -> T {
    b[0] * (b[1] + x).powf(-b[2].recip())
}
