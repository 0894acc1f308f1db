import { useAbility } from '../../session/session';

interface Props {
  onAccept: () => void;
  onDismiss: () => void;
  small?: boolean;
}

/** Accept and Dismiss for an open suggestion (of a tool, or of a tool's instructions), by role. */
export function SuggestionActions({ onAccept, onDismiss, small }: Props) {
  const ability = useAbility();
  const size = small ? ' small' : '';
  return (
    <div className="row-actions">
      {ability.can('accept', 'Suggestion') && (
        <button type="button" className={`button primary${size}`} onClick={onAccept}>
          Accept
        </button>
      )}
      {ability.can('dismiss', 'Suggestion') && (
        <button type="button" className={`button${size}`} onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
