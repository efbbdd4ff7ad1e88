import { useState, type FormEvent } from 'react';
import { api, type Lesson, type QuizAttemptResult } from '../api';
import { ErrorMessage } from '../components/status';

/** Answers in the contract's shape: every question, with the chosen choice ids (possibly none). */
export function attemptAnswers(lesson: Lesson, chosen: Record<string, string[]>) {
  return (lesson.questions ?? []).map((question) => ({
    questionId: question.id,
    choiceIds: chosen[question.id] ?? [],
  }));
}

export function QuizPlayer({ lesson, onPassed }: { lesson: Lesson; onPassed: () => void }) {
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<QuizAttemptResult | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [sending, setSending] = useState(false);
  const questions = lesson.questions ?? [];

  const toggle = (questionId: string, choiceId: string) =>
    setChosen((current) => {
      const list = current[questionId] ?? [];
      return {
        ...current,
        [questionId]: list.includes(choiceId) ? list.filter((id) => id !== choiceId) : [...list, choiceId],
      };
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      const outcome = await api.progress.attemptQuiz(lesson.id, { answers: attemptAnswers(lesson, chosen) });
      setResult(outcome);
      if (outcome.passed) onPassed();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  const retry = () => {
    setResult(null);
    setChosen({});
  };

  if (questions.length === 0) return <p className="muted">This quiz has no questions yet.</p>;

  return (
    <div className="quiz">
      {lesson.passPercent !== undefined && <p className="muted">Pass mark: {lesson.passPercent} %</p>}
      <form onSubmit={(event) => void submit(event)} aria-describedby="quiz-help">
        <p id="quiz-help" className="hint">
          Tick every answer you think is right; some questions have more than one.
        </p>
        {questions.map((question, index) => (
          <fieldset key={question.id} className="quiz-question" disabled={!!result}>
            <legend>
              <span className="muted">Question {index + 1}.</span> {question.prompt}
            </legend>
            {question.choices.map((choice) => {
              const inputId = `choice-${question.id}-${choice.id}`;
              return (
                <div className="choice" key={choice.id}>
                  <input
                    type="checkbox"
                    id={inputId}
                    checked={(chosen[question.id] ?? []).includes(choice.id)}
                    onChange={() => toggle(question.id, choice.id)}
                  />
                  <label htmlFor={inputId}>{choice.text}</label>
                </div>
              );
            })}
          </fieldset>
        ))}
        {!result && (
          <button type="submit" className="button" disabled={sending}>
            {sending ? 'Checking…' : 'Submit answers'}
          </button>
        )}
      </form>
      <ErrorMessage error={error} title="Could not submit:" />
      {result && (
        <div className={`notice ${result.passed ? 'notice-success' : 'notice-warning'}`} role="status">
          <p className="quiz-score">
            Score: {Math.round(result.score)} % ({result.correctCount} of {result.total} correct) —{' '}
            <strong>{result.passed ? 'passed' : 'not passed yet'}</strong>
          </p>
          <button type="button" onClick={retry}>
            {result.passed ? 'Take it again' : 'Try again'}
          </button>
        </div>
      )}
    </div>
  );
}
