import type { Contribution } from '../../../ml/models/hashed-text-classifier.ts';
import type { ModelSource } from './pipeline-config.ts';

/** The stored decision an explanation is asked for. */
export interface ExplainedDecision {
  text: string;
  needs_support: number | null;
  decision_source: string | null;
  model_version: string | null;
}

/**
 * Why the model flagged a comment, computed on read: explanations cost as much as the prediction,
 * so the pipeline does not compute them. Only the model version that made the decision may explain
 * it; any other decision (not flagged, the fallback policy, an older model, a failing model) → null.
 */
export function explainOnRead(
  explainer: ModelSource | undefined,
  decision: ExplainedDecision,
): Contribution[] | null {
  if (!explainer || decision.needs_support !== 1 || decision.decision_source !== 'model') return null;
  try {
    const { model, version } = explainer();
    return version === decision.model_version
      ? (model.predict(decision.text, { explain: true }).explanation ?? null)
      : null;
  } catch {
    return null; // the model failed: the decision is still shown, without its reasons
  }
}
