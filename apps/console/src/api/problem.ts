/** RFC 9457 problem details, as the API answers every error. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
  [extension: string]: unknown;
}

/** A failed API call, carrying the problem the service answered. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** A 404 for a route this service does not have (yet), rather than for a missing record. */
  get routeMissing(): boolean {
    return this.status === 404 && /^no route /.test(this.problem.detail ?? '');
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

export function toApiError(error: unknown, response?: Response): ApiError {
  if (error instanceof ApiError) return error;
  if (isProblem(error)) return new ApiError(error);
  const status = response?.status ?? 0;
  const detail =
    status === 0
      ? 'The service could not be reached. Check your connection and try again.'
      : typeof error === 'string' && error
        ? error
        : `The service answered ${status}.`;
  return new ApiError({ title: response?.statusText || 'Error', status, detail });
}

/** `{field: message}` from a validation problem, for showing each message next to its field. */
export function fieldErrors(problem: Problem | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, message } of problem?.errors ?? []) out[field] ??= message;
  return out;
}
