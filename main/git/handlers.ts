import type { PartialHandlers } from '../dispatch/dispatch';
import type { GitPushService } from './git-push-service';

export type GitMethod = 'git.pushes' | 'git.follow' | 'git.unfollow' | 'git.follows';

export function gitHandlers(git: GitPushService): PartialHandlers<GitMethod> {
  return {
    'git.pushes': (input) => ({ repositories: git.pushes(input) }),
    'git.follow': (input) => git.follow(input),
    'git.unfollow': ({ id }) => {
      git.unfollow(id);
      return { ok: true };
    },
    'git.follows': ({ projectId }) => ({ follows: git.follows(projectId) }),
  };
}
