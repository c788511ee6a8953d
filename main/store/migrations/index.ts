import type { Migration } from '../migrate';
import { core } from './001-core';
import { deployer } from './002-deployer';
import { hooksLogscanGit } from './003-hooks-logscan-git';
import { changeDetection } from './004-change-detection';
import { registries } from './005-registries';
import { deliveryKeys } from './006-delivery-keys';
import { sealedSecrets } from './007-sealed-secrets';
import { retiring } from './008-retiring';
import { channels } from './009-channels';
import { staticSites } from './010-static-sites';
import { secretEnvHookCredentials } from './011-secret-env-hook-credentials';
import { triggers } from './012-triggers';
import { gitCredentials } from './013-git-credentials';
import { containerRun } from './014-container-run';
import { compose } from './015-compose';
import { engines } from './016-engines';
import { stageTargets } from './017-stage-targets';
import { trackedServices } from './018-tracked-services';
import { extraPorts } from './019-extra-ports';
import { pulledImageEngines } from './020-pulled-image-engines';

/** Forward-only, numbered; append new ones, never edit a released one. */
export const migrations: readonly Migration[] = [core, deployer, hooksLogscanGit, changeDetection, registries, deliveryKeys, sealedSecrets, retiring, channels, staticSites, secretEnvHookCredentials, triggers, gitCredentials, containerRun, compose, engines, stageTargets, trackedServices, extraPorts, pulledImageEngines];
