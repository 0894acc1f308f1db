import type { ReactNode } from 'react';
import type { ApiError } from '../api/problem';
import type { Resource } from '../api/use-resource';

export function NotAvailable({ what }: { what: string }) {
  return (
    <div className="notice warning" role="note">
      <strong>{what} is not available on this server yet.</strong> The API answered 404 for its route; this
      page will work once the service that provides it is deployed.
    </div>
  );
}

export function ErrorMessage({ error, what }: { error: ApiError; what: string }) {
  if (error.status === 404 && (error.routeMissing || /^no route/.test(error.problem.detail))) {
    return <NotAvailable what={what} />;
  }
  if (error.status === 429) {
    const wait = Number(error.problem.retry_after);
    return (
      <div className="notice warning" role="status">
        <strong>Slow down:</strong> the service limits how often one member reads.{' '}
        {Number.isFinite(wait) ? `Try again in ${Math.ceil(wait)} s.` : 'Try again shortly.'}
      </div>
    );
  }
  return (
    <div className="notice error" role="alert">
      <strong>Could not load {what.toLowerCase()}.</strong> {error.problem.detail}
    </div>
  );
}

/**
 * Renders a resource's data, or its loading and error states. A list route answering 404
 * means the route is not deployed yet: say so instead of failing.
 */
export function Loaded<T>({
  resource,
  what,
  children,
}: {
  resource: Resource<T>;
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (resource.error && (resource.error.status === 404 || resource.data === undefined)) {
    return <ErrorMessage error={resource.error} what={what} />;
  }
  if (resource.data === undefined) {
    return (
      <p className="loading" aria-busy="true">
        Loading {what.toLowerCase()}…
      </p>
    );
  }
  return (
    <>
      {resource.error && <ErrorMessage error={resource.error} what={what} />}
      {children(resource.data)}
    </>
  );
}
