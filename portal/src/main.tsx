import '@mantine/core/styles.css';
import './portal.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import { I18nProvider } from './i18n/i18n';
import { SessionProvider } from './shell/session';

// Mantine's default blue under white text is 3.5:1; the darker shade meets WCAG AA (4.5:1) for every button and link.
const theme = createTheme({ primaryShade: 8 });

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <I18nProvider>
        <SessionProvider>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </SessionProvider>
      </I18nProvider>
    </MantineProvider>
  </StrictMode>,
);
