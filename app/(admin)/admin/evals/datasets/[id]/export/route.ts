import { AppError } from '@/lib/errors';
import { exportDataset } from '@/lib/evals/datasets';
import { route } from '@/lib/route';
import { getAppDb } from '@/lib/startup';

/**
 * GET /admin/evals/datasets/<id>/export: the dataset as a JSONL file in exactly the format
 * `npm run eval -- --dataset <file>` reads (LF, UTF-8, no BOM), as a download.
 * 401 signed out (any staff role may export), 404 for an unknown or malformed id.
 */
export const GET = route<{ params: Promise<{ id: string }> }>({ rateLimit: 'admin', session: 'viewer' }, async (_r, ctx) => {
  const { id } = await ctx.params;
  if (!/^\d{1,9}$/.test(id)) throw new AppError('not_found:dataset', 'There is no such dataset.');
  const file = await exportDataset(await getAppDb(), { id: Number(id) });
  return new Response(file.text, {
    headers: {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'no-store',
    },
  });
});
