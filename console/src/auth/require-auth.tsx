import { Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './auth-context';

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/** Fallback inside the layout while a lazy page loads. */
export function PageSpin() {
  return (
    <Flex align="center" justify="center" style={{ padding: 80 }}>
      <Spin />
    </Flex>
  );
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (session === undefined) return <FullPageSpin />;
  if (session === null)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}
