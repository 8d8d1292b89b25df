import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The server owns these paths; in dev they are forwarded to it.
const serverUrl = 'http://127.0.0.1:3000';
const proxied = ['/api', '/docs', '/openapi.json', '/healthz'];
const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** In dev, the member H5's client-side routes (/h5/<tenant>/…) load its own page, as the server does. */
const h5Pages: Plugin = {
  name: 'siyu-h5-pages',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url && /^\/h5(\/[^.]*)?(\?.*)?$/.test(req.url)) req.url = '/h5.html';
      next();
    });
  },
};

export default defineConfig({
  base: '/',
  plugins: [react(), h5Pages],
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: serverUrl, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is ~850 kB minified on its own; it gets a stable vendor chunk that browsers cache across releases.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      // Two pages: the console (index.html) and the member H5 (h5.html, served under /h5/).
      input: { main: page('index.html'), h5: page('h5.html') },
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            {
              name: 'vendor-antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/,
            },
            { name: 'vendor-i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
          ],
        },
      },
    },
  },
});
