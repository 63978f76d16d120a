// The browser entry: hydrates the server-rendered HTML. StrictMode runs every effect twice in
// development (mount, clean up, mount): <EngageTrack /> must leave automatic mode running once.
import { StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { App } from './App.jsx';

hydrateRoot(
  document.getElementById('root'),
  <StrictMode>
    <App />
  </StrictMode>,
);
