import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { RequireAuth } from './auth/require-auth';
import { AppLayout } from './layout/app-layout';
import type { NavLabel } from './layout/nav-items';
import { ComingSoonPage } from './pages/coming-soon-page';
import { DashboardPage } from './pages/dashboard-page';
import { LoginPage } from './pages/login-page';
import { NotFoundPage } from './pages/not-found-page';

// Settings pages are split out so the first paint only carries the shell and the dashboard.
const TenantPage = lazy(() =>
  import('./pages/settings/tenant-page').then((m) => ({ default: m.TenantPage })),
);
const BusinessUnitsPage = lazy(() =>
  import('./pages/settings/business-units-page').then((m) => ({ default: m.BusinessUnitsPage })),
);
const RegionsPage = lazy(() =>
  import('./pages/settings/regions-page').then((m) => ({ default: m.RegionsPage })),
);
const StoresPage = lazy(() =>
  import('./pages/settings/stores-page').then((m) => ({ default: m.StoresPage })),
);
const StaffPage = lazy(() => import('./pages/settings/staff-page').then((m) => ({ default: m.StaffPage })));
const ApiKeysPage = lazy(() =>
  import('./pages/settings/api-keys-page').then((m) => ({ default: m.ApiKeysPage })),
);
const WebhooksPage = lazy(() =>
  import('./pages/settings/webhooks-page').then((m) => ({ default: m.WebhooksPage })),
);
const WebhookDeliveriesPage = lazy(() =>
  import('./pages/settings/webhook-deliveries-page').then((m) => ({ default: m.WebhookDeliveriesPage })),
);
const AuditLogPage = lazy(() =>
  import('./pages/settings/audit-log-page').then((m) => ({ default: m.AuditLogPage })),
);
const MembersPage = lazy(() =>
  import('./pages/members/members-page').then((m) => ({ default: m.MembersPage })),
);
const Member360Page = lazy(() =>
  import('./pages/members/member-360-page').then((m) => ({ default: m.Member360Page })),
);
const OrdersPage = lazy(() => import('./pages/orders/orders-page').then((m) => ({ default: m.OrdersPage })));
const OrderDetailPage = lazy(() =>
  import('./pages/orders/order-detail-page').then((m) => ({ default: m.OrderDetailPage })),
);
const ProductsPage = lazy(() =>
  import('./pages/orders/products-page').then((m) => ({ default: m.ProductsPage })),
);
const ImportsPage = lazy(() =>
  import('./pages/orders/imports-page').then((m) => ({ default: m.ImportsPage })),
);
const ProgramPage = lazy(() =>
  import('./pages/loyalty/program-page').then((m) => ({ default: m.ProgramPage })),
);
const RulesPage = lazy(() => import('./pages/loyalty/rules-page').then((m) => ({ default: m.RulesPage })));
const CouponTemplatesPage = lazy(() =>
  import('./pages/coupons/templates-page').then((m) => ({ default: m.CouponTemplatesPage })),
);
const CouponTemplatePage = lazy(() =>
  import('./pages/coupons/template-page').then((m) => ({ default: m.CouponTemplatePage })),
);
const MallItemsPage = lazy(() =>
  import('./pages/mall/mall-items-page').then((m) => ({ default: m.MallItemsPage })),
);
const MallExchangesPage = lazy(() =>
  import('./pages/mall/mall-exchanges-page').then((m) => ({ default: m.MallExchangesPage })),
);

/** Modules that exist in the navigation but not yet as screens. */
const COMING_SOON: { path: string; module: NavLabel }[] = [
  { path: 'distribution', module: 'distribution' },
  { path: 'guides', module: 'guides' },
  { path: 'tasks', module: 'tasks' },
  { path: 'segments', module: 'segments' },
  { path: 'analytics', module: 'analytics' },
  { path: 'channels', module: 'channels' },
];

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<DashboardPage />} />
        {COMING_SOON.map(({ path, module }) => (
          <Route key={path} path={path} element={<ComingSoonPage module={module} />} />
        ))}
        <Route path="members">
          <Route index element={<MembersPage />} />
          <Route path=":id" element={<Member360Page />} />
        </Route>
        <Route path="orders">
          <Route index element={<OrdersPage />} />
          <Route path="products" element={<ProductsPage />} />
          <Route path="imports" element={<ImportsPage />} />
          <Route path=":id" element={<OrderDetailPage />} />
        </Route>
        <Route path="loyalty">
          <Route index element={<Navigate to="program" replace />} />
          <Route path="program" element={<ProgramPage />} />
          <Route path="rules" element={<RulesPage />} />
          <Route path="coupons" element={<CouponTemplatesPage />} />
          <Route path="coupons/:id" element={<CouponTemplatePage />} />
          <Route path="mall/items" element={<MallItemsPage />} />
          <Route path="mall/exchanges" element={<MallExchangesPage />} />
        </Route>
        <Route path="settings">
          <Route index element={<Navigate to="tenant" replace />} />
          <Route path="tenant" element={<TenantPage />} />
          <Route path="business-units" element={<BusinessUnitsPage />} />
          <Route path="regions" element={<RegionsPage />} />
          <Route path="stores" element={<StoresPage />} />
          <Route path="staff" element={<StaffPage />} />
          <Route path="api-keys" element={<ApiKeysPage />} />
          <Route path="webhooks" element={<WebhooksPage />} />
          <Route path="webhooks/:id" element={<WebhookDeliveriesPage />} />
          <Route path="audit-log" element={<AuditLogPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
