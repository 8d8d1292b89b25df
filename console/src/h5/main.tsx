import './h5.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { H5App } from './app';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from h5.html');

createRoot(root).render(
  <StrictMode>
    <H5App />
  </StrictMode>,
);
