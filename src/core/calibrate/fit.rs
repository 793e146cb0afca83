//! The numerics of calibration: L2-regularised logistic regression by Newton's method (IRLS), a
//! one-feature version for score → likelihood (Platt scaling), AUC and log loss.
//!
//! Deterministic: fixed iteration cap and tolerance, no randomness, every loop in a fixed order.
//! Not in the scoring path (nothing here reaches wasm exports), so it sorts and formats freely.
//
// Matrices are indexed by loop counters bounded by the sizes they were allocated with, and rows
// only hold feature indexes the caller numbered below `prior.len()` (checked in `logistic`).
#![allow(clippy::indexing_slicing)]

/// A sparse row: (feature index, value), each index at most once.
pub type Row = Vec<(usize, f64)>;

/// Newton iterations at most; each is one Hessian and one Cholesky solve.
pub const MAX_ITERATIONS: usize = 100;
/// Converged when no coefficient moves more than this (in logits).
pub const TOLERANCE: f64 = 1e-8;

#[derive(Debug, Clone, PartialEq)]
pub struct LogisticFit {
    pub intercept: f64,
    pub weights: Vec<f64>,
    /// Approximate standard errors (square roots of the diagonal of the inverse penalised
    /// Hessian at the solution), in logits.
    pub std_errors: Vec<f64>,
    pub iterations: usize,
    pub converged: bool,
}

/// Fits `P(y) = sigmoid(offset + intercept + Σ x·w)` minimising
/// `−log-likelihood + λ/2 · Σ (w − prior)²`: the weights shrink towards `prior` (the current
/// points, in logits), not towards zero. The intercept is fitted when `free_intercept`, else it
/// is 0 (the offset carries the level). Rows hold indexes below `prior.len()`; others are
/// ignored.
pub fn logistic(
    rows: &[Row],
    y: &[bool],
    offset: &[f64],
    prior: &[f64],
    lambda: f64,
    free_intercept: bool,
) -> LogisticFit {
    let p = prior.len();
    let n = rows.len().min(y.len()).min(offset.len());
    let rows: Vec<Row> = rows
        .iter()
        .take(n)
        .map(|r| r.iter().copied().filter(|(j, _)| *j < p).collect())
        .collect();
    let mut weights = prior.to_vec();
    let linear = |w: &[f64], i: usize| -> f64 {
        offset[i] + rows[i].iter().map(|&(j, x)| x * w[j]).sum::<f64>()
    };
    // Start where the prior says, with the intercept matching the base rate.
    let positives = y.iter().take(n).filter(|&&b| b).count() as f64;
    let rate = ((positives + 0.5) / (n as f64 + 1.0)).clamp(1e-6, 1.0 - 1e-6);
    let mean_linear = (0..n).map(|i| linear(&weights, i)).sum::<f64>() / (n.max(1) as f64);
    let mut intercept = if free_intercept {
        (rate / (1.0 - rate)).ln() - mean_linear
    } else {
        0.0
    };

    let objective = |b0: f64, w: &[f64]| -> f64 {
        let mut total = 0.0;
        for (i, &positive) in y.iter().take(n).enumerate() {
            let eta = b0 + linear(w, i);
            total += softplus(eta) - if positive { eta } else { 0.0 };
        }
        let penalty: f64 = w.iter().zip(prior).map(|(a, b)| (a - b) * (a - b)).sum();
        total + 0.5 * lambda * penalty
    };

    let dim = p + 1;
    let mut current = objective(intercept, &weights);
    let mut iterations = 0;
    let mut converged = false;
    let mut hessian = vec![0.0; dim * dim];
    while iterations < MAX_ITERATIONS {
        iterations += 1;
        let (mut gradient, mut h) =
            gradient_hessian(&rows, y, intercept, &weights, prior, lambda, &linear);
        if !free_intercept {
            pin_intercept(&mut gradient, &mut h, dim);
        }
        hessian = h;
        let Some(step) = solve(&hessian, dim, &gradient) else {
            break;
        };
        // Newton step, halved until the objective does not get worse.
        let mut scale = 1.0;
        let mut accepted = false;
        for _ in 0..40 {
            let b0 = intercept - scale * step[0];
            let w: Vec<f64> = weights
                .iter()
                .zip(&step[1..])
                .map(|(w, s)| w - scale * s)
                .collect();
            let value = objective(b0, &w);
            if value <= current + 1e-12 * current.abs().max(1.0) {
                let moved = step.iter().map(|s| (scale * s).abs()).fold(0.0, f64::max);
                intercept = b0;
                weights = w;
                current = value;
                accepted = true;
                if moved < TOLERANCE {
                    converged = true;
                }
                break;
            }
            scale /= 2.0;
        }
        if !accepted || converged {
            converged = converged || !accepted;
            break;
        }
    }
    // Standard errors from the Hessian at the solution.
    let (mut g, mut h) = gradient_hessian(&rows, y, intercept, &weights, prior, lambda, &linear);
    if !free_intercept {
        pin_intercept(&mut g, &mut h, dim);
    }
    if h.iter().all(|v| v.is_finite()) {
        hessian = h;
    }
    let std_errors = (1..dim)
        .map(|j| {
            let mut unit = vec![0.0; dim];
            unit[j] = 1.0;
            solve(&hessian, dim, &unit).map_or(f64::INFINITY, |z| z[j].max(0.0).sqrt())
        })
        .collect();
    LogisticFit {
        intercept,
        weights,
        std_errors,
        iterations,
        converged,
    }
}

/// Forward selection of new rules alongside refitted ones. The base columns (`base`, indexes
/// below `prior.len()`) are always in the model, shrunk towards `prior`; candidate columns
/// (`candidates`, their own indexes) enter one at a time: the one whose score test is largest —
/// how far its leads' outcomes are from the current fit, in standard errors — while that reaches
/// `entry_z`, each entry refitting everything jointly (candidates shrunk towards 0, the intercept
/// free). Returns the chosen candidates in the order they entered and the final fit: the base
/// weights, then the chosen candidates' weights in that order.
#[allow(clippy::too_many_arguments)]
pub fn forward_select(
    base: &[Row],
    prior: &[f64],
    candidates: &[Row],
    y: &[bool],
    offset: &[f64],
    lambda: f64,
    entry_z: f64,
    max: usize,
) -> (Vec<usize>, LogisticFit) {
    let n = base
        .len()
        .min(candidates.len())
        .min(y.len())
        .min(offset.len());
    let p = prior.len();
    let width = candidates
        .iter()
        .flat_map(|r| r.iter().map(|(j, _)| j + 1))
        .max()
        .unwrap_or(0);
    let mut chosen: Vec<usize> = Vec::new();
    let refit = |chosen: &[usize]| joint(base, prior, candidates, chosen, y, offset, lambda);
    let mut current = refit(&chosen);
    while chosen.len() < max {
        let mut score = vec![0.0; width];
        let mut info = vec![0.0; width];
        let mut mean = vec![0.0; width];
        let mut total_s = 0.0;
        for i in 0..n {
            let base_eta: f64 = base[i]
                .iter()
                .filter(|(j, _)| *j < p)
                .map(|&(j, x)| x * current.weights[j])
                .sum();
            let chosen_eta: f64 = candidates[i]
                .iter()
                .filter_map(|&(j, x)| {
                    chosen
                        .iter()
                        .position(|&c| c == j)
                        .map(|k| x * current.weights[p + k])
                })
                .sum();
            let prob = sigmoid(offset[i] + current.intercept + base_eta + chosen_eta);
            let s = prob * (1.0 - prob);
            let residual = if y[i] { 1.0 - prob } else { -prob };
            total_s += s;
            for &(j, x) in &candidates[i] {
                score[j] += x * residual;
                info[j] += s * x * x;
                mean[j] += s * x;
            }
        }
        // The intercept is refitted too: the information left is that of x centred on it.
        let best = (0..width)
            .filter(|j| !chosen.contains(j))
            .map(|j| {
                let variance = info[j] - mean[j] * mean[j] / total_s.max(1e-300);
                let z = if variance > 0.0 {
                    score[j] / variance.sqrt()
                } else {
                    0.0
                };
                (j, z)
            })
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()).then_with(|| b.0.cmp(&a.0)));
        match best {
            Some((j, z)) if z.abs() >= entry_z => {
                chosen.push(j);
                current = refit(&chosen);
            }
            _ => break,
        }
    }
    (chosen, current)
}

/// The joint fit of [`forward_select`] for a given set of chosen candidates: base columns
/// shrunk towards `prior`, then the chosen candidates (in `chosen` order) towards 0.
pub fn joint(
    base: &[Row],
    prior: &[f64],
    candidates: &[Row],
    chosen: &[usize],
    y: &[bool],
    offset: &[f64],
    lambda: f64,
) -> LogisticFit {
    let n = base
        .len()
        .min(candidates.len())
        .min(y.len())
        .min(offset.len());
    let p = prior.len();
    let rows: Vec<Row> = (0..n)
        .map(|i| {
            let mut row: Row = base[i].iter().copied().filter(|(j, _)| *j < p).collect();
            row.extend(
                candidates[i]
                    .iter()
                    .filter_map(|&(j, x)| chosen.iter().position(|&c| c == j).map(|k| (p + k, x))),
            );
            row
        })
        .collect();
    let mut priors = prior.to_vec();
    priors.resize(p + chosen.len(), 0.0);
    logistic(&rows, y, offset, &priors, lambda, true)
}

/// Holds the intercept still: no gradient, and a Hessian row and column that move nothing else.
fn pin_intercept(g: &mut [f64], h: &mut [f64], dim: usize) {
    g[0] = 0.0;
    for j in 0..dim {
        h[j] = 0.0;
        h[j * dim] = 0.0;
    }
    h[0] = 1.0;
}

/// Gradient and Hessian of the objective; index 0 is the intercept.
fn gradient_hessian(
    rows: &[Row],
    y: &[bool],
    intercept: f64,
    weights: &[f64],
    prior: &[f64],
    lambda: f64,
    linear: &dyn Fn(&[f64], usize) -> f64,
) -> (Vec<f64>, Vec<f64>) {
    let dim = weights.len() + 1;
    let mut g = vec![0.0; dim];
    let mut h = vec![0.0; dim * dim];
    for (i, row) in rows.iter().enumerate() {
        let prob = sigmoid(intercept + linear(weights, i));
        let residual = prob - if y[i] { 1.0 } else { 0.0 };
        let s = prob * (1.0 - prob);
        g[0] += residual;
        h[0] += s;
        for &(j, x) in row {
            g[j + 1] += residual * x;
            h[j + 1] += s * x;
            h[(j + 1) * dim] += s * x;
            for &(k, z) in row {
                h[(j + 1) * dim + k + 1] += s * x * z;
            }
        }
    }
    for j in 0..weights.len() {
        g[j + 1] += lambda * (weights[j] - prior[j]);
        h[(j + 1) * dim + j + 1] += lambda;
    }
    (g, h)
}

/// Solves `H z = b` for a symmetric positive definite `H` (Cholesky); a tiny ridge is added
/// when `H` is only semi-definite (a feature present on no row).
fn solve(h: &[f64], dim: usize, b: &[f64]) -> Option<Vec<f64>> {
    for jitter in [0.0, 1e-10, 1e-7, 1e-4] {
        if let Some(l) = cholesky(h, dim, jitter) {
            // L y = b, then Lᵀ z = y.
            let mut z = b.to_vec();
            for i in 0..dim {
                let mut v = z[i];
                for k in 0..i {
                    v -= l[i * dim + k] * z[k];
                }
                z[i] = v / l[i * dim + i];
            }
            for i in (0..dim).rev() {
                let mut v = z[i];
                for k in i + 1..dim {
                    v -= l[k * dim + i] * z[k];
                }
                z[i] = v / l[i * dim + i];
            }
            if z.iter().all(|v| v.is_finite()) {
                return Some(z);
            }
        }
    }
    None
}

fn cholesky(h: &[f64], dim: usize, jitter: f64) -> Option<Vec<f64>> {
    let mut l = vec![0.0; dim * dim];
    for i in 0..dim {
        for j in 0..=i {
            let mut sum = h[i * dim + j];
            if i == j {
                sum += jitter * (1.0 + h[i * dim + i].abs());
            }
            for k in 0..j {
                sum -= l[i * dim + k] * l[j * dim + k];
            }
            if i == j {
                if sum <= 0.0 || !sum.is_finite() {
                    return None;
                }
                l[i * dim + i] = sum.sqrt();
            } else {
                l[i * dim + j] = sum / l[j * dim + j];
            }
        }
    }
    Some(l)
}

pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// ln(1 + eˣ) without overflow.
fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// A score → likelihood map: `sigmoid(intercept + score / points_per_logit)`, fitted by a
/// one-feature logistic regression (Platt scaling). `slope` is per point; it is not positive
/// when a higher score did not mean a higher rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreMap {
    pub intercept: f64,
    pub slope: f64,
}

impl ScoreMap {
    pub fn fit(scores: &[f64], y: &[bool]) -> ScoreMap {
        // In hundreds of points, so the Newton steps are well scaled; a whisper of ridge keeps a
        // perfectly separated sample finite.
        let rows: Vec<Row> = scores.iter().map(|s| vec![(0, s / 100.0)]).collect();
        let offset = vec![0.0; rows.len()];
        let fit = logistic(&rows, y, &offset, &[0.0], 1e-4, true);
        ScoreMap {
            intercept: fit.intercept,
            slope: fit.weights.first().copied().unwrap_or(0.0) / 100.0,
        }
    }

    pub fn likelihood(&self, score: f64) -> f64 {
        sigmoid(self.intercept + self.slope * score)
    }
}

/// Area under the ROC curve of `scores` against `y` (ties count half); `None` without both
/// classes.
pub fn auc(scores: &[f64], y: &[bool]) -> Option<f64> {
    let mut pairs: Vec<(f64, bool)> = scores.iter().copied().zip(y.iter().copied()).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let positives = pairs.iter().filter(|(_, b)| *b).count();
    let negatives = pairs.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    // Sum of the positives' ranks (1-based, ties averaged): Mann–Whitney U.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j + 1 < pairs.len() && pairs[j + 1].0 == pairs[i].0 {
            j += 1;
        }
        let average_rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += average_rank * pairs[i..=j].iter().filter(|(_, b)| *b).count() as f64;
        i = j + 1;
    }
    let p = positives as f64;
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64))
}

/// Mean negative log-likelihood of the predictions (natural log), probabilities clipped to
/// [1e-12, 1 − 1e-12].
pub fn log_loss(predicted: &[f64], y: &[bool]) -> f64 {
    let n = predicted.len().min(y.len());
    if n == 0 {
        return 0.0;
    }
    let total: f64 = predicted
        .iter()
        .zip(y)
        .map(|(&p, &b)| {
            let p = p.clamp(1e-12, 1.0 - 1e-12);
            -if b { p.ln() } else { (1.0 - p).ln() }
        })
        .sum();
    total / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_ties_half() {
        assert_eq!(auc(&[1.0, 2.0, 3.0], &[false, true, true]), Some(1.0));
        assert_eq!(auc(&[3.0, 2.0, 1.0], &[false, true, true]), Some(0.0));
        assert_eq!(auc(&[1.0, 1.0], &[false, true]), Some(0.5));
        assert_eq!(
            auc(&[1.0, 2.0, 2.0, 3.0], &[false, true, false, true]),
            Some(0.875)
        );
        assert_eq!(auc(&[1.0], &[true]), None);
    }

    #[test]
    fn log_loss_of_a_coin() {
        let ll = log_loss(&[0.5, 0.5], &[true, false]);
        assert!((ll - std::f64::consts::LN_2).abs() < 1e-12);
    }

    #[test]
    fn one_feature_fit_matches_the_closed_form() {
        // Two groups: x = 0 with 1 of 4 positive, x = 1 with 3 of 4 positive. Unpenalised, the
        // fit reproduces both rates: intercept = logit(1/4), weight = logit(3/4) − logit(1/4).
        let rows: Vec<Row> = (0..8)
            .map(|i| vec![(0, if i < 4 { 0.0 } else { 1.0 })])
            .collect();
        let y = [true, false, false, false, true, true, true, false];
        let fit = logistic(&rows, &y, &[0.0; 8], &[0.0], 0.0, true);
        assert!(fit.converged);
        assert!(
            (fit.intercept - (1.0f64 / 3.0).ln()).abs() < 1e-6,
            "{fit:?}"
        );
        assert!((fit.weights[0] - 9.0f64.ln()).abs() < 1e-6, "{fit:?}");
    }

    #[test]
    fn the_penalty_pulls_towards_the_prior() {
        let rows: Vec<Row> = (0..8)
            .map(|i| vec![(0, if i < 4 { 0.0 } else { 1.0 })])
            .collect();
        let y = [true, false, false, false, true, true, true, false];
        let free = logistic(&rows, &y, &[0.0; 8], &[5.0], 0.0, true).weights[0];
        let pulled = logistic(&rows, &y, &[0.0; 8], &[5.0], 10.0, true).weights[0];
        assert!(pulled > free && pulled < 5.0, "{free} {pulled}");
    }
}
