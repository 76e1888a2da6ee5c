import { geometryMethod } from '../coreset/geometry-method';
import { herding as herdingOrder } from '../coreset/geometry';

/**
 * Herding (Welling, ICML 2009; the coreset baseline of iCaRL and of the
 * distillation papers): greedily add the example that keeps the picked set's
 * mean closest to the class mean in feature space.
 */
export const herding = geometryMethod({
  id: 'herding',
  description: 'Greedily picks examples whose running mean stays closest to the class mean in feature space.',
  params: {},
  pick: (x, take) => herdingOrder(x, take),
});
