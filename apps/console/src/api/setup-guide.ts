import { EventSourceParserStream } from 'eventsource-parser/stream';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../session/session';
import { type Problem, toApiError } from './problem';
import type { DraftSetupGuide, SetupGuideDone, SetupGuideFields, SetupGuideSource } from './types';

export type GuideStatus = 'idle' | 'reading' | 'writing' | 'done' | 'failed' | 'cancelled';

export interface GuideState {
  status: GuideStatus;
  source?: SetupGuideSource;
  /** The guide's markdown so far. */
  markdown: string;
  fields?: SetupGuideFields;
  done?: SetupGuideDone;
  problem?: Problem;
}

const IDLE: GuideState = { status: 'idle', markdown: '' };

function next(state: GuideState, event: string, data: unknown): GuideState {
  switch (event) {
    case 'source':
      return { ...state, status: 'writing', source: data as SetupGuideSource };
    case 'delta':
      return { ...state, markdown: state.markdown + (data as { text: string }).text };
    case 'fields':
      return { ...state, fields: data as SetupGuideFields };
    case 'done':
      return { ...state, status: 'done', done: data as SetupGuideDone };
    case 'error':
      return { ...state, status: 'failed', problem: data as Problem };
    default:
      return state; // an event this console does not know yet
  }
}

/**
 * POST /api/admin/setup-guides through the generated client, read as the Server-Sent Events it
 * answers, one event at a time. `start` settles when the stream ends; a refusal before the
 * stream (validation, a refused URL, the rate limit) is thrown as an ApiError for the form.
 * `cancel`, or leaving the page, hangs up, which stops the provider's work too.
 */
export function useSetupGuide(onFields: (fields: SetupGuideFields) => void) {
  const api = useApi();
  const [state, setState] = useState<GuideState>(IDLE);
  const running = useRef<AbortController | null>(null);
  const fieldsHandler = useRef(onFields);
  fieldsHandler.current = onFields;

  useEffect(() => () => running.current?.abort(), []);

  const start = useCallback(
    async (body: DraftSetupGuide) => {
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      setState({ status: 'reading', markdown: '' });
      try {
        const { data, error, response } = await api.POST('/api/admin/setup-guides', {
          body,
          parseAs: 'stream',
          signal: controller.signal,
        });
        if (!response.ok || !data) throw toApiError(error, response);
        const events = data
          .pipeThrough(new TextDecoderStream())
          .pipeThrough(new EventSourceParserStream())
          .getReader();
        for (;;) {
          const { value, done } = await events.read();
          if (done) break;
          const payload: unknown = JSON.parse(value.data);
          if (value.event === 'fields') fieldsHandler.current(payload as SetupGuideFields);
          setState((s) => next(s, value.event ?? 'message', payload));
        }
      } catch (error) {
        if (controller.signal.aborted) {
          setState((s) => ({ ...s, status: 'cancelled' }));
          return;
        }
        setState(IDLE);
        throw error;
      } finally {
        if (running.current === controller) running.current = null;
      }
    },
    [api],
  );

  const cancel = useCallback(() => running.current?.abort(), []);
  return { state, start, cancel };
}
