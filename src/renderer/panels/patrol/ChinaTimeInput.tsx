/** A datetime-local input in China time (the centre's clock whatever the machine's zone), giving ISO +08:00. */
import { fromChinaLocalInput, toChinaLocalInput } from './patrol-view-model';

export function ChinaTimeInput({ label, value, testId, onChange }: { label: string; value: string | null; testId: string; onChange: (iso: string) => void }) {
  return (
    <label className="patrol-inline">
      <span className="patrol-inline__label">{label}</span>
      <input
        type="datetime-local"
        className="input patrol-time"
        data-testid={testId}
        value={value ? toChinaLocalInput(Date.parse(value)) : ''}
        onChange={(e) => {
          const iso = fromChinaLocalInput(e.target.value);
          if (iso) onChange(iso);
        }}
      />
    </label>
  );
}
