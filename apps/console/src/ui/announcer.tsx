import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

type Tone = 'success' | 'info' | 'error';
interface Message {
  id: number;
  text: string;
  tone: Tone;
}
type Announce = (text: string, tone?: Tone) => void;

const AnnounceContext = createContext<Announce>(() => undefined);
let nextId = 1;

/** The outcome of every async action, shown briefly and read out by screen readers (aria-live). */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<Message | null>(null);
  const announce = useCallback<Announce>((text, tone = 'success') => {
    setMessage({ id: nextId++, text, tone });
  }, []);
  useEffect(() => {
    if (!message || message.tone === 'error') return;
    const timer = window.setTimeout(() => setMessage((m) => (m?.id === message.id ? null : m)), 6000);
    return () => window.clearTimeout(timer);
  }, [message]);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnounceContext.Provider value={value}>
      {children}
      <div className="toast-region" role="status" aria-live="polite" aria-atomic="true">
        {message && (
          <div className={`toast ${message.tone}`} key={message.id}>
            <span>{message.text}</span>
            <button type="button" className="button ghost small" onClick={() => setMessage(null)}>
              Dismiss
            </button>
          </div>
        )}
      </div>
    </AnnounceContext.Provider>
  );
}

export const useAnnounce = (): Announce => useContext(AnnounceContext);
