/**
 * The right-hand column: the selected grid, or the district overview when nothing is selected.
 */
import { useTranslation } from 'react-i18next';
import { useAppState } from '../app/app-context';
import { DistrictOverview } from './DistrictOverview';
import { SelectionPanel } from './SelectionPanel';

export function SidePanel() {
  const { t } = useTranslation('app');
  const selected = useAppState((s) => s.selected);
  const phase = useAppState((s) => s.phase);
  return (
    <aside className="side" aria-label={t('panel.regionLabel')}>
      {phase !== 'ready' ? null : selected ? <SelectionPanel /> : <DistrictOverview />}
    </aside>
  );
}
