import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code as an SVG image. The payload stays on the element for scanners' tests (data-token). */
export function QrCode({ value, size = 220, label }: { value: string; size?: number; label: string }) {
  const [svg, setSvg] = useState<string>();
  useEffect(() => {
    let live = true;
    QRCode.toString(value, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }).then(
      (text) => live && setSvg(text),
      () => live && setSvg(undefined),
    );
    return () => {
      live = false;
    };
  }, [value]);
  return svg ? (
    <img
      className="h5-qr"
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      width={size}
      height={size}
      alt={label}
      data-testid="card-qr"
      data-token={value}
    />
  ) : (
    <div className="h5-qr h5-qr-blank" style={{ width: size, height: size }} />
  );
}
