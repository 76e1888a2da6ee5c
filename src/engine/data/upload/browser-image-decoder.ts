/**
 * The browser's own image decoders (createImageBitmap), resizing on an
 * OffscreenCanvas: what the worker hands the upload reader. Browser only;
 * nothing that runs in Node imports this file.
 */
import { pixelsFromRgba, type ImageDecoder } from './image-decoder';

export const browserImageDecoder: ImageDecoder = async (bytes, size, colour) => {
  const image = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  try {
    // The browser's high-quality resize averages the pixels it drops; a canvas draw alone would alias.
    const resized = await createImageBitmap(image, { resizeWidth: size, resizeHeight: size, resizeQuality: 'high' });
    try {
      const canvas = new OffscreenCanvas(size, size);
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) throw new Error('this browser offers no 2-D canvas in workers');
      // Transparent pixels show as on a white page, as the file would in a viewer.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, size, size);
      context.drawImage(resized, 0, 0);
      return {
        width: image.width,
        height: image.height,
        pixels: pixelsFromRgba(context.getImageData(0, 0, size, size).data, colour),
      };
    } finally {
      resized.close();
    }
  } finally {
    image.close();
  }
};
