/**
 * Tool: hand the conversation off to a human. It has no side effect: it prepares a draft (summary,
 * category, steps tried, cited articles) that the UI shows as a form; the user adds an email,
 * edits and confirms, and only then POST /api/handoffs stores the handoff (approval before the
 * side effect). The email is typed into the form only, so it never reaches a model.
 */
import { tool } from 'ai';
import { z } from 'zod';
import { redactText } from '@/lib/privacy/redact';

export const HANDOFF_TOOL_NAME = 'handoff_to_human';

export const HANDOFF_CATEGORIES = ['account', 'billing', 'payments', 'payouts', 'refunds', 'technical', 'other'] as const;
export type HandoffCategory = (typeof HANDOFF_CATEGORIES)[number];

/**
 * The offline model's summary when the user asked for a person and said nothing of the problem
 * ("agent please"): the form then starts with an empty problem box for the user to fill in.
 */
export const BARE_REQUEST_SUMMARY = 'The user asked to talk to the support team.';

/** An article already offered in the conversation. */
export const citedArticleSchema = z.object({
  title: z.string().min(1).max(300),
  /** Same-site article path. */
  url: z
    .string()
    .max(500)
    .regex(/^\/(?!\/)/, 'must be a site path'),
});
export type CitedArticle = z.infer<typeof citedArticleSchema>;

/** What the model fills in (no email: the user types it into the form). */
export const handoffInputSchema = z.object({
  summary: z.string().min(1).max(2000).describe('The problem in 1–3 sentences, written from the conversation in the third person ("The user …"), for a support agent.'),
  category: z.enum(HANDOFF_CATEGORIES).describe('The closest topic of the problem.'),
  stepsTried: z.array(z.string().min(1).max(300)).max(10).default([]).describe('What the user said they already tried, one short item each; [] when nothing was said.'),
});
export type HandoffInput = z.infer<typeof handoffInputSchema>;

/** The tool's output: a draft for the form, or (after the user sent it) the stored handoff. */
export type HandoffToolOutput =
  | ({ status: 'draft'; citedArticles: CitedArticle[]; categories: readonly HandoffCategory[] } & HandoffInput)
  | ({ status: 'submitted'; handoffId: number; email: string; citedArticles: CitedArticle[] } & HandoffInput)
  | { status: 'cancelled' };

/** Body of POST /api/handoffs: the confirmed (possibly edited) form. */
export const handoffSubmitSchema = z.object({
  conversationId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
  toolCallId: z.string().min(1).max(200),
  email: z.string().trim().max(254).email('Enter a valid email address so support can reply.'),
  summary: z.string().trim().min(1, 'Describe the problem.').max(2000),
  category: z.enum(HANDOFF_CATEGORIES),
  stepsTried: z.array(z.string().trim().max(300)).max(10).default([]),
  citedArticles: z.array(citedArticleSchema).max(10).default([]),
});
export type HandoffSubmit = z.infer<typeof handoffSubmitSchema>;

/**
 * Builds the draft the form shows: the model's fields redacted, plus the articles cited so far.
 * @param input the model's tool input.
 * @param citedArticles articles cited earlier in the conversation (deduplicated by URL here).
 */
function handoffDraft(input: HandoffInput, citedArticles: CitedArticle[]): Extract<HandoffToolOutput, { status: 'draft' }> {
  const seen = new Set<string>();
  return {
    status: 'draft',
    summary: redactText(input.summary),
    category: input.category,
    stepsTried: (input.stepsTried ?? []).map(redactText),
    citedArticles: citedArticles
      .filter((a) => {
        if (seen.has(a.url)) return false;
        seen.add(a.url);
        return true;
      })
      .slice(0, 10),
    categories: HANDOFF_CATEGORIES,
  };
}

/**
 * @param ctx.citedArticles the articles cited in the conversation so far (read when the tool runs).
 */
export function handoffToHumanTool(ctx: { citedArticles: () => CitedArticle[] }) {
  return tool({
    description:
      'Hand the conversation to the human support team. Call it when the user asks for a person, an agent or support, or accepts your offer to connect them. It only prepares a form; the user adds their email and confirms it. Never ask for the email in the chat.',
    inputSchema: handoffInputSchema,
    execute: async (input): Promise<HandoffToolOutput> => handoffDraft(input, ctx.citedArticles()),
  });
}
