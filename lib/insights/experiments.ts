/**
 * The comparison of an experiment's arms shown on /admin/insights: per arm helpfulness
 * (thumbs-up share of rated answers) and handoff rate (handed-off share of conversations), each
 * with a 95% Wilson interval, the variant − control difference with Newcombe's interval, and the
 * sample size per arm to detect the observed difference (or a minimum one) at α = 0.05, power 0.8.
 */
import type { ArmCounts } from '@/db/queries/insights';
import { newcombeDifference, sampleSizePerArm, wilsonInterval, type DifferenceInterval, type ProportionInterval } from './stats';

/** Smallest absolute difference the sample size is computed for when the observed one is smaller or unknown (5 points). */
export const MIN_DETECTABLE_DIFFERENCE = 0.05;

/** One metric compared across the arms. */
export interface MetricComparison {
  control: ProportionInterval;
  variant: ProportionInterval;
  /** variant − control. */
  difference: DifferenceInterval;
  /** The difference the sample size is for: the observed one, or MIN_DETECTABLE_DIFFERENCE when smaller or unknown. */
  detectable: number;
  /** Trials each arm needs (α 0.05 two-sided, power 0.8); null when it cannot be computed. */
  neededPerArm: number | null;
}

function compare(control: { successes: number; trials: number }, variant: { successes: number; trials: number }): MetricComparison {
  const c = wilsonInterval(control.successes, control.trials);
  const v = wilsonInterval(variant.successes, variant.trials);
  const difference = newcombeDifference(variant, control);
  const observed = difference.diff === null ? 0 : Math.abs(difference.diff);
  const detectable = Math.max(observed, MIN_DETECTABLE_DIFFERENCE);
  // Base rate: the control's (or the variant's, or 50% with no data at all); the other arm is
  // that ± detectable, kept inside [0, 1].
  const base = c.p ?? v.p ?? 0.5;
  const other = base + detectable <= 1 ? base + detectable : base - detectable;
  const neededPerArm = other >= 0 && other <= 1 ? sampleSizePerArm(base, other) : null;
  return { control: c, variant: v, difference, detectable, neededPerArm };
}

/**
 * Compares the arms of an experiment.
 * @param arms the counts of db/queries/insights.ts `experimentArmCounts` (both arms).
 * @returns helpfulness and handoff-rate comparisons.
 */
export function compareArms(arms: ArmCounts[]): { helpfulness: MetricComparison; handoffRate: MetricComparison } {
  const control = arms.find((a) => a.arm === 'control') ?? { rated: 0, helpful: 0, conversations: 0, handedOff: 0 };
  const variant = arms.find((a) => a.arm === 'variant') ?? { rated: 0, helpful: 0, conversations: 0, handedOff: 0 };
  return {
    helpfulness: compare({ successes: control.helpful, trials: control.rated }, { successes: variant.helpful, trials: variant.rated }),
    handoffRate: compare({ successes: control.handedOff, trials: control.conversations }, { successes: variant.handedOff, trials: variant.conversations }),
  };
}
