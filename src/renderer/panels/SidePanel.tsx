/**
 * The right-hand column: the allocation wizard while it is open, else the selected grid, or the
 * district overview when nothing is selected.
 */
import { useTranslation } from 'react-i18next';
import { useAppState } from '../app/app-context';
import { AllocationPanel } from './AllocationPanel';
import { DistrictOverview } from './DistrictOverview';
import { SelectionPanel } from './SelectionPanel';

export function SidePanel() {
  const { t } = useTranslation('app');
  const selected = useAppState((s) => s.selected);
  const phase = useAppState((s) => s.phase);
  const allocating = useAppState((s) => s.allocation.open);
  return (
    <aside className="side" aria-label={t('panel.regionLabel')}>
      {phase !== 'ready' ? null : allocating ? <AllocationPanel /> : selected ? <SelectionPanel /> : <DistrictOverview />}
    </aside>
  );
}
