import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../session/session';
import type { Api } from './client';
import { type ApiError, toApiError } from './problem';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data through the generated client, keeps the last answer while reloading (no
 * flicker when polling), and polls when asked, skipping hidden tabs.
 */
export function useResource<T>(
  load: (api: Api) => Promise<T>,
  deps: DependencyList,
  options: { pollMs?: number; skip?: boolean } = {},
): Resource<T> {
  const api = useApi();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(!options.skip);
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    if (options.skip) return;
    let live = true;
    setLoading(true);
    loader.current(api).then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!live) return;
        setError(toApiError(failure));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, tick, options.skip, ...deps]);

  useEffect(() => {
    if (!options.pollMs || options.skip) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, options.pollMs);
    return () => window.clearInterval(timer);
  }, [options.pollMs, options.skip]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
