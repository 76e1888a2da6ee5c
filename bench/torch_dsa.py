"""PyTorch twin of the lab's differentiable Siamese augmentation
(src/engine/methods/distill/siamese-augment.ts): one random transform, drawn
per call, applied alike to every batch it is given; colour (brightness,
saturation, contrast), crop (a shift of up to 1/8 of a side), cutout (half a
side), scale (by up to 1.2) and a horizontal flip for colour images. `only`
keeps one family (the lab's dsa augmentation at training draws one per batch).
Images are [n, c, h, w]; every op is differentiable in the images."""
import torch
import torch.nn.functional as F

CROP, SCALE, CUTOUT = 0.125, 0.2, 0.5
FAMILIES = ("colour", "crop", "cutout", "scale", "flip")


def fit_to(x, height, width):
    """Pads or crops [n, c, h', w'] back to [n, c, h, w] around the centre."""
    h, w = x.shape[2], x.shape[3]
    top, left = max(0, (height - h) // 2), max(0, (width - w) // 2)
    x = F.pad(x, (left, max(0, width - w - left), top, max(0, height - h - top)))
    y0, x0 = (x.shape[2] - height) // 2, (x.shape[3] - width) // 2
    return x[:, :, y0 : y0 + height, x0 : x0 + width]


def draw_transform(rng, shape, only=None):
    """One transform for images of `shape` [c, h, w], from numpy Generator `rng`."""
    channels, height, width = shape
    uses = lambda family: only is None or only == family  # noqa: E731
    brightness, saturation, contrast = rng.random() - 0.5, rng.random() * 2, rng.random() + 0.5
    shift_y = round((2 * rng.random() - 1) * CROP * height) if uses("crop") else 0
    shift_x = round((2 * rng.random() - 1) * CROP * width) if uses("crop") else 0
    cut_h, cut_w = (round(CUTOUT * height), round(CUTOUT * width)) if uses("cutout") else (0, 0)
    cut_y, cut_x = int(rng.integers(height)), int(rng.integers(width))
    scaled_h = max(1, round(height * (1 + (2 * rng.random() - 1) * SCALE))) if uses("scale") else height
    scaled_w = max(1, round(width * (1 + (2 * rng.random() - 1) * SCALE))) if uses("scale") else width
    flip = channels == 3 and rng.random() < 0.5 and uses("flip")
    mask = torch.ones(1, 1, height, width)
    y0, x0 = max(0, cut_y - cut_h // 2), max(0, cut_x - cut_w // 2)
    mask[:, :, y0 : max(y0, cut_y - cut_h // 2 + cut_h), x0 : max(x0, cut_x - cut_w // 2 + cut_w)] = 0

    def transform(x):
        if uses("colour"):
            x = x + brightness
            if channels > 1:
                grey = x.mean(1, keepdim=True)
                x = grey + (x - grey) * saturation
            mean = x.mean((1, 2, 3), keepdim=True)
            x = mean + (x - mean) * contrast
        pad = max(abs(shift_y), abs(shift_x))
        if pad > 0:
            x = F.pad(x, (pad, pad, pad, pad))[:, :, pad + shift_y : pad + shift_y + height, pad + shift_x : pad + shift_x + width]
        if cut_h > 0:
            x = x * mask
        if flip:
            x = x.flip(3)
        if (scaled_h, scaled_w) == (height, width):
            return x
        return fit_to(F.interpolate(x, size=(scaled_h, scaled_w), mode="bilinear", align_corners=False), height, width)

    return transform


def augment_batch(rng, x):
    """The lab's dsa augmentation at training: one family per batch, drawn at random."""
    families = [f for f in FAMILIES if f != "flip" or x.shape[1] == 3]
    return draw_transform(rng, tuple(x.shape[1:]), families[int(rng.integers(len(families)))])(x)
