import { type ReactNode, useEffect, useId, useRef } from 'react';

let titleCount = 0;
const compose = (title: string) => `${titleCount > 0 ? `(${titleCount}) ` : ''}${title} · Keyledger`;
let currentTitle = 'Keyledger';

/** "(3) Access requests · Keyledger": the pending count shows in the tab, on every page. */
export function setTitleCount(count: number): void {
  titleCount = count;
  document.title = compose(currentTitle);
}

/** A page's heading and title; focus moves to the heading on navigation for screen readers. */
export function Page({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    currentTitle = title;
    document.title = compose(title);
    heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <>
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const id = useId();
  return (
    <section className="section" aria-labelledby={id}>
      <div className="section-header">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
