export type { NewPost, OutboxPost, PostKind, PostStatus, StepCause } from './outbox.js';
export { retryDelayMs, SessionOutbox } from './outbox.js';
export type { StepPlanOptions } from './plan.js';
export { planSteps, wholeSentences } from './plan.js';
export { findPassage, resolvePassageRange } from './range.js';
export type {
  ScheduledReading,
  ScheduledReadingStatus,
  ScheduleReadingInput,
} from './scheduled.js';
export { MAX_SCHEDULE_AHEAD, ScheduledReadingStore } from './scheduled.js';
export type {
  CommittedMove,
  RefusalListener,
  RefusedPost,
  SessionEvent,
  SessionListener,
  SessionServiceOptions,
} from './service.js';
export { PostRefused, SessionService } from './service.js';
export type { SessionStoreOptions } from './store.js';
export {
  atPosition,
  MAX_MINUTES,
  MAX_NOTE_LENGTH,
  MAX_PACE,
  MAX_TITLE_LENGTH,
  SessionStore,
  stepPassages,
} from './store.js';
export type { SessionTimerOptions, TimerClock } from './timer.js';
export { backgroundClock, SessionTimer, systemClock } from './timer.js';
export type * from './types.js';
export { SessionError } from './types.js';
export type { WhenAmbiguity, WhenReadings } from './when.js';
export { ASSUMED_TIME_OF_DAY, parseWhen } from './when.js';
