import type { Metadata } from 'next';
import { getAppDb } from '@/lib/startup';
import { listAllCategories } from '@/db/queries/articles';
import { ArticleEditor } from '@/components/admin/ArticleEditor';
import { requireRole } from '@/lib/auth/session';
import { discardDraftAction, saveArticleAction, scheduleArticleAction, setArchivedAction } from '../actions';

export const metadata: Metadata = { title: 'New article' };

export default async function NewArticlePage() {
  await requireRole('editor');
  const categories = await listAllCategories(await getAppDb());
  return (
    <main>
      <ArticleEditor
        actions={{ save: saveArticleAction, discardDraft: discardDraftAction, schedule: scheduleArticleAction, setArchived: setArchivedAction }}
        categories={categories}
        initial={{ id: null, slug: null, title: '', summary: '', body: '', categoryId: null, status: 'draft', version: null }}
      />
    </main>
  );
}
