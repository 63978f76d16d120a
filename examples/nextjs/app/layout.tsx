// The root layout, a server component. <EngageTrack /> is rendered right here: its module starts
// with "use client", so Next.js renders it as a client component, whose effect starts automatic mode
// after hydration. It stays mounted across client-side navigations (the layout does not re-render).
import { EngageTrack } from 'engagetrack/react';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = {
  title: 'EngageTrack with Next.js (App Router)',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        <EngageTrack />
      </body>
    </html>
  );
}
