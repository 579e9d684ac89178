import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getAppDb } from '@/lib/startup';
import { getArticleById, listAllCategories } from '@/db/queries/articles';
import { ArticleEditor } from '@/components/admin/ArticleEditor';
import { requireAdmin } from '@/lib/auth/session';
import { saveArticleAction } from '../actions';

export const metadata: Metadata = { title: 'Edit article' };

export default async function EditArticlePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const { id } = await params;
  // Any non-numeric or out-of-range id is a 404, never a database error.
  if (!/^\d{1,9}$/.test(id) || Number(id) < 1) notFound();
  const db = await getAppDb();
  const [article, categories] = await Promise.all([getArticleById(db, { id: Number(id) }), listAllCategories(db)]);
  if (!article) notFound();
  return (
    <ArticleEditor
      key={article.id}
      action={saveArticleAction}
      categories={categories}
      initial={{
        id: article.id,
        slug: article.slug,
        title: article.title,
        summary: article.summary,
        body: article.body,
        categoryId: article.categoryId,
        status: article.status,
        version: article.version,
      }}
    />
  );
}
