import { QUIZ_DEFAULTS, type QuizReviewPolicy } from '@platform/contracts';
import { useState, type FormEvent } from 'react';
import { api, type Lesson, type QuizAttemptHistory, type QuizAttemptResult, type QuizQuestionReview } from '../api';
import { ErrorMessage, Loading } from '../components/status';
import { useLoad } from '../components/use-load';

/** Answers in the contract's shape: every question, with the chosen choice ids (possibly none). */
export function attemptAnswers(lesson: Lesson, chosen: Record<string, string[]>) {
  return (lesson.questions ?? []).map((question) => ({
    questionId: question.id,
    choiceIds: chosen[question.id] ?? [],
  }));
}

/** When the learner will see which answers were right, in a sentence. */
export function reviewNote(review: QuizReviewPolicy): string {
  switch (review) {
    case 'immediately':
      return 'You see which answers were right after each attempt.';
    case 'after-pass':
      return 'You see which answers were right once you pass.';
    case 'after-last-attempt':
      return 'You see which answers were right after your last attempt.';
    case 'after-pass-or-last-attempt':
      return 'You see which answers were right once you pass, or after your last attempt.';
  }
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

const formatDate = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The learner's attempts so far, newest first. */
function AttemptHistory({ history }: { history: QuizAttemptHistory }) {
  if (history.items.length === 0) return null;
  return (
    <section className="quiz-history" aria-labelledby="quiz-history-title">
      <h2 id="quiz-history-title">Your attempts</h2>
      <div className="table-scroll">
        <table className="quiz-history-table">
          <thead>
            <tr>
              <th scope="col">Attempt</th>
              <th scope="col">Score</th>
              <th scope="col">Result</th>
              <th scope="col">Date</th>
            </tr>
          </thead>
          <tbody>
            {history.items.map((attempt) => (
              <tr key={attempt.id}>
                <td>#{attempt.attemptNumber}</td>
                <td>
                  {attempt.score} %
                  {attempt.correctCount !== undefined && ` (${attempt.correctCount} of ${attempt.total} right)`}
                </td>
                <td>{attempt.passed ? 'Passed' : 'Not passed'}</td>
                <td>
                  <time dateTime={attempt.createdAt}>{formatDate(attempt.createdAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A question's result under review: right or wrong, the right choices, the instructor's explanation. */
function QuestionResult({ review }: { review: QuizQuestionReview }) {
  return (
    <div className={`quiz-review ${review.correct ? 'quiz-review-right' : 'quiz-review-wrong'}`}>
      <p className="quiz-review-verdict">
        <span aria-hidden="true">{review.correct ? '✓' : '✗'}</span> {review.correct ? 'Right' : 'Wrong'}
      </p>
      {review.explanation && <p className="quiz-explanation">Explanation: {review.explanation}</p>}
    </div>
  );
}

export function QuizPlayer({
  lesson,
  enrolled,
  onPassed,
}: {
  lesson: Lesson;
  enrolled: boolean;
  onPassed: () => void;
}) {
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  // The attempt just submitted; on a fresh visit the latest one of the history stands in for it.
  const [submitted, setSubmitted] = useState<QuizAttemptResult | null>(null);
  const [retrying, setRetrying] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [sending, setSending] = useState(false);
  const history = useLoad(
    () => (enrolled ? api.progress.quizAttempts(lesson.id, { limit: 100 }) : Promise.resolve(null)),
    [lesson.id, enrolled],
  );
  const questions = lesson.questions ?? [];
  const standing = history.data;
  // The submit's answer says where the learner stands until the history has caught up with it.
  const now = submitted ?? standing;
  const latest = retrying ? null : (submitted ?? standing?.items[0] ?? null);
  const reviews = new Map((latest?.questions ?? []).map((review) => [review.questionId, review]));
  const shownChoices = (questionId: string): string[] => {
    if (!latest || submitted) return reviews.get(questionId)?.choiceIds ?? chosen[questionId] ?? [];
    return reviews.get(questionId)?.choiceIds ?? [];
  };
  const maxAttempts = now?.maxAttempts ?? lesson.maxAttempts ?? QUIZ_DEFAULTS.maxAttempts;
  const review = standing?.review ?? lesson.review ?? QUIZ_DEFAULTS.review;
  const canAttempt = now?.canAttempt ?? enrolled;
  const answering = canAttempt && !latest;

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
      setSubmitted(outcome);
      setRetrying(false);
      history.reload();
      if (outcome.passed) onPassed();
    } catch (failure) {
      setError(failure);
      history.reload();
    } finally {
      setSending(false);
    }
  };

  const retry = () => {
    setSubmitted(null);
    setRetrying(true);
    setChosen({});
  };

  if (questions.length === 0) return <p className="muted">This quiz has no questions yet.</p>;

  return (
    <div className="quiz">
      <ul className="quiz-rules">
        {lesson.passPercent !== undefined && <li>Pass mark: {lesson.passPercent} %</li>}
        <li id="quiz-attempts">
          {now
            ? `Attempts: ${now.attemptsUsed} of ${maxAttempts} used, ${now.attemptsLeft} left`
            : `Attempts allowed: ${maxAttempts}`}
        </li>
        <li>{reviewNote(review)}</li>
      </ul>
      {history.loading && !history.data && enrolled && <Loading label="Loading your attempts…" />}
      <ErrorMessage error={history.error} title="Could not load your attempts:" />
      <form onSubmit={(event) => void submit(event)} aria-describedby={answering ? 'quiz-help' : undefined}>
        {answering && (
          <p id="quiz-help" className="hint">
            Tick every answer you think is right; some questions have more than one.
          </p>
        )}
        {questions.map((question, index) => {
          const result = reviews.get(question.id);
          const right = new Set(result?.correctChoiceIds ?? []);
          return (
            <fieldset key={question.id} className="quiz-question" disabled={!answering}>
              <legend>
                <span className="muted">Question {index + 1}.</span> {question.prompt}
              </legend>
              {question.choices.map((choice) => {
                const inputId = `choice-${question.id}-${choice.id}`;
                return (
                  <div className={`choice${right.has(choice.id) ? ' choice-right' : ''}`} key={choice.id}>
                    <input
                      type="checkbox"
                      id={inputId}
                      checked={shownChoices(question.id).includes(choice.id)}
                      onChange={() => toggle(question.id, choice.id)}
                    />
                    <label htmlFor={inputId}>{choice.text}</label>
                    {right.has(choice.id) && <span className="right-answer"> (right answer)</span>}
                  </div>
                );
              })}
              {result && <QuestionResult review={result} />}
            </fieldset>
          );
        })}
        {answering && (
          <button type="submit" className="button" disabled={sending}>
            {sending ? 'Checking…' : 'Submit answers'}
          </button>
        )}
      </form>
      <ErrorMessage error={error} title="Could not submit:" />
      {latest && (
        <div className={`notice ${latest.passed ? 'notice-success' : 'notice-warning'}`} role="status">
          <p className="quiz-score">
            Score: {Math.round(latest.score)} %
            {latest.correctCount !== undefined && ` (${latest.correctCount} of ${latest.total} right)`} —{' '}
            <strong>{latest.passed ? 'passed' : 'not passed yet'}</strong>
          </p>
          {!latest.questions && now && !now.reviewAvailable && (
            <p className="muted">Which answers were right stays hidden for now. {reviewNote(review)}</p>
          )}
          {canAttempt ? (
            <button type="button" onClick={retry}>
              {now?.quizPassed ? 'Take it again' : 'Try again'}
            </button>
          ) : now?.quizPassed ? (
            <p>You passed this quiz.</p>
          ) : (
            <p>No attempts left: this quiz allows {plural(maxAttempts, 'attempt')}.</p>
          )}
        </div>
      )}
      {!latest && !canAttempt && now && (
        <p className="notice notice-warning" role="status">
          {now.quizPassed
            ? 'You passed this quiz.'
            : `No attempts left: this quiz allows ${plural(maxAttempts, 'attempt')}.`}
        </p>
      )}
      {standing && <AttemptHistory history={standing} />}
    </div>
  );
}
