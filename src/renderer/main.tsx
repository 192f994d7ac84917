/**
 * The renderer's entry: fonts, styles, i18n and the app store, then <App/>. Everything here is
 * bundled; nothing is fetched from the network.
 */
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/500.css';
import '@fontsource/noto-sans-sc/700.css';
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/500.css';
import '@fontsource/noto-sans/700.css';
import './styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createAppStore } from './app/app-store';
import { watchMapReady } from './app/test-hooks-wiring';
import { createI18n } from './i18n';
import { getBridge } from './platform';

const appStore = createAppStore();
// Listen before anything renders: the map announces itself once, whenever it is ready.
watchMapReady(appStore);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

createRoot(root).render(
  <StrictMode>
    <App appStore={appStore} bridge={getBridge()} i18n={createI18n('zh')} />
  </StrictMode>,
);
