'use client';

import { createContext, useContext } from 'react';

const ViewOnlyContext = createContext(false);

/**
 * Says to every `WriteForm` below it whether the signed-in role may change things (false for
 * viewers). Set once by the admin layout from the session's role; the server refuses the same
 * writes anyway (lib/route.ts `runAction`'s `role`), this only keeps viewers from trying.
 */
export function ViewOnlyProvider({ viewOnly, children }: { viewOnly: boolean; children: React.ReactNode }) {
  return <ViewOnlyContext.Provider value={viewOnly}>{children}</ViewOnlyContext.Provider>;
}

/** True for a viewer's admin pages. */
function useViewOnly(): boolean {
  return useContext(ViewOnlyContext);
}

/**
 * A `<form>` for a write: for a viewer, its fields and buttons are disabled (a `<fieldset
 * disabled>` around its children) and say why on hover.
 */
export function WriteForm({ children, ref, ...props }: React.ComponentProps<'form'>) {
  const viewOnly = useViewOnly();
  return (
    <form ref={ref} {...props}>
      <fieldset disabled={viewOnly} className="contents" title={viewOnly ? 'View only: your role (viewer) cannot change this' : undefined}>
        {children}
      </fieldset>
    </form>
  );
}
