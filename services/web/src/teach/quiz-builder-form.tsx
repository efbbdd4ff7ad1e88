import {
  isQuizReviewPolicy,
  QUIZ_EXPLANATION_MAX_LENGTH,
  QUIZ_MAX_ATTEMPTS_BOUNDS,
  QUIZ_REVIEW_LABELS,
  QUIZ_REVIEW_POLICIES,
} from '@platform/contracts';
import type { Dispatch } from 'react';
import { Field, TextAreaField } from '../components/field';
import type { QuizAction, QuizDraft } from './quiz-builder';

/** The quiz builder: the pass mark and learners' rules, questions with choices, correct flags and explanations. */
export function QuizBuilderForm({ draft, dispatch }: { draft: QuizDraft; dispatch: Dispatch<QuizAction> }) {
  return (
    <div className="quiz-builder stack">
      <Field
        label="Pass mark (%)"
        type="number"
        min={0}
        max={100}
        step={1}
        required
        value={Number.isNaN(draft.passPercent) ? '' : draft.passPercent}
        onChange={(e) => dispatch({ type: 'passPercent', passPercent: e.target.valueAsNumber })}
      />
      <fieldset className="quiz-settings">
        <legend>Attempts and review</legend>
        <Field
          label="Attempts allowed"
          type="number"
          min={QUIZ_MAX_ATTEMPTS_BOUNDS.min}
          max={QUIZ_MAX_ATTEMPTS_BOUNDS.max}
          step={1}
          required
          hint={`${QUIZ_MAX_ATTEMPTS_BOUNDS.min} to ${QUIZ_MAX_ATTEMPTS_BOUNDS.max} per learner. Every attempt shows a score, so fewer attempts give fewer hints.`}
          value={Number.isNaN(draft.maxAttempts) ? '' : draft.maxAttempts}
          onChange={(e) => dispatch({ type: 'maxAttempts', maxAttempts: e.target.valueAsNumber })}
        />
        <div className="field">
          <label htmlFor="quiz-review">Show learners which answers were right</label>
          <select
            id="quiz-review"
            value={draft.review}
            onChange={(e) => {
              if (isQuizReviewPolicy(e.target.value)) dispatch({ type: 'review', review: e.target.value });
            }}
          >
            {QUIZ_REVIEW_POLICIES.map((policy) => (
              <option key={policy} value={policy}>
                {QUIZ_REVIEW_LABELS[policy]}
              </option>
            ))}
          </select>
        </div>
        <span className="choice">
          <input
            type="checkbox"
            id="quiz-allow-retake"
            checked={draft.allowRetakeAfterPass}
            onChange={(e) => dispatch({ type: 'allowRetakeAfterPass', allowRetakeAfterPass: e.target.checked })}
          />
          <label htmlFor="quiz-allow-retake">Learners may take the quiz again after passing</label>
        </span>
      </fieldset>
      <ol className="question-list">
        {draft.questions.map((question, q) => (
          <li key={question.key} className="panel">
            <fieldset>
              <legend>Question {q + 1}</legend>
              <Field
                label={`Question ${q + 1} prompt`}
                required
                value={question.prompt}
                onChange={(e) => dispatch({ type: 'prompt', question: q, prompt: e.target.value })}
              />
              <ul className="choice-list">
                {question.choices.map((choice, c) => (
                  <li key={choice.key} className="choice-row">
                    <Field
                      label={`Question ${q + 1}, choice ${c + 1}`}
                      required
                      value={choice.text}
                      onChange={(e) => dispatch({ type: 'choiceText', question: q, choice: c, text: e.target.value })}
                    />
                    <span className="choice">
                      <input
                        type="checkbox"
                        id={`${choice.key}-correct`}
                        checked={choice.correct}
                        onChange={() => dispatch({ type: 'toggleCorrect', question: q, choice: c })}
                      />
                      <label htmlFor={`${choice.key}-correct`}>Correct</label>
                    </span>
                    <button
                      type="button"
                      className="small danger"
                      disabled={question.choices.length <= 2}
                      onClick={() => dispatch({ type: 'removeChoice', question: q, choice: c })}
                      aria-label={`Remove choice ${c + 1} of question ${q + 1}`}
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
              <TextAreaField
                label={`Question ${q + 1} explanation (optional)`}
                rows={2}
                maxLength={QUIZ_EXPLANATION_MAX_LENGTH}
                hint="Shown with the learner's result for this question, when the review setting allows."
                value={question.explanation}
                onChange={(e) => dispatch({ type: 'explanation', question: q, explanation: e.target.value })}
              />
              <div className="toolbar">
                <button type="button" className="small" onClick={() => dispatch({ type: 'addChoice', question: q })}>
                  Add choice
                </button>
                <button
                  type="button"
                  className="small"
                  disabled={q === 0}
                  onClick={() => dispatch({ type: 'moveQuestion', question: q, by: -1 })}
                  aria-label={`Move question ${q + 1} up`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="small"
                  disabled={q === draft.questions.length - 1}
                  onClick={() => dispatch({ type: 'moveQuestion', question: q, by: 1 })}
                  aria-label={`Move question ${q + 1} down`}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="small danger"
                  disabled={draft.questions.length <= 1}
                  onClick={() => dispatch({ type: 'removeQuestion', question: q })}
                >
                  Remove question {q + 1}
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => dispatch({ type: 'addQuestion' })}>
        Add question
      </button>
    </div>
  );
}
