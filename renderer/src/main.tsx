import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectClient } from './api/connect';
import { App } from './app/app';
import { setClient } from './state/client-ref';
import { startFeeds } from './state/feeds';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/features.css';
import './styles/pages.css';

const client = connectClient();
setClient(client);
startFeeds(client);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
