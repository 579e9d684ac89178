/**
 * Statistics for online experiments and insights: proportions with 95% intervals, the difference
 * of two proportions with its interval, and the sample size a two-arm comparison needs. Pure
 * functions; proportions are fractions 0–1, counts whole numbers.
 */

/** z for a two-sided 95% interval, Φ⁻¹(0.975). */
const Z_95 = 1.959963984540054;

/** A proportion with its interval. */
export interface ProportionInterval {
  /** successes / trials; null when trials is 0. */
  p: number | null;
  lower: number;
  upper: number;
  successes: number;
  trials: number;
}

function checkCounts(successes: number, trials: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || trials < 0 || successes < 0 || successes > trials) {
    throw new RangeError(`Counts must be whole numbers with 0 ≤ successes ≤ trials (got ${successes}/${trials}).`);
  }
}

/**
 * Wilson score interval for a binomial proportion (E. B. Wilson, "Probable inference, the law of
 * succession, and statistical inference", JASA 22:209–212, 1927), as recommended and tabulated by
 * R. G. Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
 * methods", Statistics in Medicine 17:857–872, 1998 (method 3, without continuity correction).
 * @param successes whole number 0..trials; trials whole number ≥ 0.
 * @param z normal quantile, default 1.96 (95%).
 * @returns `{ p, lower, upper }` within [0, 1]; with 0 trials p is null and the interval [0, 1].
 * @throws RangeError for counts that are not whole numbers with 0 ≤ successes ≤ trials.
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): ProportionInterval {
  checkCounts(successes, trials);
  if (trials === 0) return { p: null, lower: 0, upper: 1, successes, trials };
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half), successes, trials };
}

/** A difference of two proportions (a − b) with its interval. */
export interface DifferenceInterval {
  /** pA − pB; null when either arm has no trials. */
  diff: number | null;
  lower: number;
  upper: number;
}

/**
 * Interval for the difference of two independent proportions pA − pB by Newcombe's hybrid score
 * method, built from the two Wilson intervals (R. G. Newcombe, "Interval estimation for the
 * difference between independent proportions: comparison of eleven methods", Statistics in
 * Medicine 17:873–890, 1998, method 10).
 * @param a, b `{ successes, trials }` of each arm (whole numbers).
 * @returns `{ diff, lower, upper }` within [−1, 1]; with an empty arm diff is null and the interval [−1, 1].
 * @throws RangeError as wilsonInterval.
 */
export function newcombeDifference(a: { successes: number; trials: number }, b: { successes: number; trials: number }, z = Z_95): DifferenceInterval {
  const A = wilsonInterval(a.successes, a.trials, z);
  const B = wilsonInterval(b.successes, b.trials, z);
  if (A.p === null || B.p === null) return { diff: null, lower: -1, upper: 1 };
  const d = A.p - B.p;
  const delta = Math.sqrt((A.p - A.lower) ** 2 + (B.upper - B.p) ** 2);
  const epsilon = Math.sqrt((A.upper - A.p) ** 2 + (B.p - B.lower) ** 2);
  return { diff: d, lower: Math.max(-1, d - delta), upper: Math.min(1, d + epsilon) };
}

/**
 * Inverse of the standard normal CDF, Φ⁻¹(q), by P. J. Acklam's rational approximation (relative
 * error < 1.15e-9, ample for interval and sample-size work).
 * @param q probability strictly between 0 and 1.
 * @throws RangeError outside (0, 1).
 */
export function normalQuantile(q: number): number {
  if (!(q > 0 && q < 1)) throw new RangeError(`A probability strictly between 0 and 1 (got ${q}).`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (q < lo) {
    const r = Math.sqrt(-2 * Math.log(q));
    x = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
  } else if (q <= 1 - lo) {
    const r = q - 0.5;
    const s = r * r;
    x = ((((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r) / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
  } else {
    const r = Math.sqrt(-2 * Math.log(1 - q));
    x = -(((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
  }
  return x;
}

/**
 * Visitors (trials) each arm needs to detect a difference between two proportions with a
 * two-sided test, by the normal-approximation formula without continuity correction
 * (J. L. Fleiss, B. Levin, M. C. Paik, "Statistical Methods for Rates and Proportions", 3rd ed.,
 * Wiley 2003, eq. 4.14; the formula R's `power.prop.test` solves):
 *   n = [z₁₋α/₂ · √(2 p̄ q̄) + z₁₋β · √(p₁q₁ + p₂q₂)]² / (p₁ − p₂)²,  p̄ = (p₁ + p₂)/2.
 * @param p1, p2 the two proportions (0–1).
 * @param alpha two-sided significance level, default 0.05; power default 0.8.
 * @returns the whole number of trials per arm (rounded up), or null when p1 = p2 (no difference
 *   can be detected).
 * @throws RangeError for proportions outside [0, 1], or alpha/power outside (0, 1).
 */
export function sampleSizePerArm(p1: number, p2: number, opts: { alpha?: number; power?: number } = {}): number | null {
  const alpha = opts.alpha ?? 0.05;
  const power = opts.power ?? 0.8;
  for (const p of [p1, p2]) if (!(p >= 0 && p <= 1)) throw new RangeError(`A proportion from 0 to 1 (got ${p}).`);
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) throw new RangeError('alpha and power must lie strictly between 0 and 1.');
  if (p1 === p2) return null;
  return Math.ceil(sampleSizeExact(p1, p2, alpha, power));
}

/** The unrounded value of sampleSizePerArm (for tests against published tables). */
export function sampleSizeExact(p1: number, p2: number, alpha = 0.05, power = 0.8): number {
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const pbar = (p1 + p2) / 2;
  const num = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return (num * num) / ((p1 - p2) * (p1 - p2));
}
