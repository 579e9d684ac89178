import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getAppDb } from '@/lib/startup';
import { listAllCategories, listSameTitleArticles } from '@/db/queries/articles';
import { ArticleEditor } from '@/components/admin/ArticleEditor';
import { hasRole } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import { getEditorArticle } from '@/lib/content/editor';
import { discardDraftAction, saveArticleAction, scheduleArticleAction, setArchivedAction } from '../actions';

export const metadata: Metadata = { title: 'Edit article' };

export default async function EditArticlePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireRole();
  const { id } = await params;
  // Any non-numeric or out-of-range id is a 404, never a database error.
  if (!/^\d{1,9}$/.test(id) || Number(id) < 1) notFound();
  const db = await getAppDb();
  const article = await getEditorArticle(db, { id: Number(id) });
  if (!article) notFound();
  // A category carries its product (lib/content/save.ts): only the article's product's are offered.
  const categories = (await listAllCategories(db, { keep: article.categoryId })).filter((c) => c.collection === article.collection);
  const sameTitle = await listSameTitleArticles(db, { title: article.title, collection: article.collection, excludeId: article.id });
  const restored = (await searchParams).restored;
  const flash =
    typeof restored === 'string' && /^\d{1,9}$/.test(restored)
      ? `Restored as version ${restored}${article.hasDraft ? ' — a draft: Publish to make it live' : ''}. Nothing was lost: every earlier version is still in the history.`
      : null;
  return (
    <main>
      <ArticleEditor
        key={article.id}
        actions={{ save: saveArticleAction, discardDraft: discardDraftAction, schedule: scheduleArticleAction, setArchived: setArchivedAction }}
        categories={categories}
        flash={flash}
        readOnly={!hasRole(me.role, 'editor')}
        sameTitle={sameTitle}
        initial={{
          id: article.id,
          slug: article.slug,
          title: article.title,
          summary: article.summary,
          body: article.body,
          categoryId: article.categoryId,
          status: article.status,
          version: article.version,
          hasDraft: article.hasDraft,
          publishAt: article.publishAt,
        }}
      />
    </main>
  );
}
